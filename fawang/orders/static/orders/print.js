// The receipt's "Print" button (an onclick attribute would be refused by the Content-Security-Policy).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
