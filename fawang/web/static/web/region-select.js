// Progressive enhancement of the region picker (prefecture → county → township). Without JavaScript
// the form works: a button re-renders it with the chosen level's children. With it, each select
// fills the next from the public regions API and the button is hidden.
(function () {
  "use strict";
  document.querySelectorAll(".region-select").forEach(function (picker) {
    var base = picker.dataset.childrenUrl;
    var prefecture = picker.querySelector("select[name='prefecture']");
    var county = picker.querySelector("select[name='county']");
    var township = picker.querySelector("select[name='township']");
    if (!prefecture || !county || !township || !window.fetch) return;
    picker.querySelectorAll(".js-hide").forEach(function (el) { el.hidden = true; });

    function fill(select, parentCode, emptyLabel) {
      var first = select.options[0];
      var empty = document.createElement("option");
      empty.value = "";
      empty.textContent = emptyLabel || (first ? first.textContent : "—");
      select.innerHTML = "";
      select.appendChild(empty);
      if (!parentCode) return Promise.resolve();
      select.disabled = true;
      return fetch(base + encodeURIComponent(parentCode) + "/children", { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (rows) {
          rows.forEach(function (row) {
            var option = document.createElement("option");
            option.value = row.code;
            option.textContent = row.name;
            select.appendChild(option);
          });
        })
        .catch(function () { /* offline: the server-side button still works */
          picker.querySelectorAll(".js-hide").forEach(function (el) { el.hidden = false; });
        })
        .finally(function () { select.disabled = false; });
    }
    var townshipEmpty = township.dataset.emptyLabel || "—";
    prefecture.addEventListener("change", function () {
      fill(county, prefecture.value, "—");
      fill(township, "", "—");
    });
    county.addEventListener("change", function () {
      fill(township, county.value, county.value ? townshipEmpty : "—");
    });
  });
})();
