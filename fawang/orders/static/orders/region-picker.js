// Region picker: the county is a plain <select> (works without JavaScript); this turns the township
// text input into a list of the chosen county's townships, read from the public regions API.
(function () {
  "use strict";
  document.querySelectorAll(".region-picker").forEach(function (picker) {
    var county = picker.querySelector("select[name$='region']");
    var township = picker.querySelector("input[name$='township']");
    if (!county || !township) return;
    var select = document.createElement("select");
    select.name = township.name;
    select.id = township.id;
    township.replaceWith(select);
    var initial = township.value;
    function load() {
      select.innerHTML = "";
      var all = document.createElement("option");
      all.value = "";
      all.textContent = "—";
      select.appendChild(all);
      if (!county.value) return;
      fetch(picker.dataset.childrenUrl + encodeURIComponent(county.value) + "/children")
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (rows) {
          rows.forEach(function (row) {
            var option = document.createElement("option");
            option.value = row.code;
            option.textContent = row.name;
            if (row.code === initial) option.selected = true;
            select.appendChild(option);
          });
        });
    }
    county.addEventListener("change", function () { initial = ""; load(); });
    load();
  });
})();
