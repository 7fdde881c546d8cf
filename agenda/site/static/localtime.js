/* meetingctl programme site: each time also in the visitor's zone (Intl), zone picker.
   No framework, no network: the page reads right without this script. */
(function () {
  "use strict";
  var KEY = "meetingctl-site-zone";
  var root = document.documentElement;
  var lang = root.getAttribute("lang") || "en";
  var home = root.getAttribute("data-home-zone") || "UTC";

  function browserZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
    } catch (e) {
      return "UTC";
    }
  }

  function validZone(zone) {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      return true;
    } catch (e) {
      return false;
    }
  }

  function readStored() {
    try {
      return window.localStorage.getItem(KEY);
    } catch (e) {
      return null;
    }
  }

  function store(zone) {
    try {
      window.localStorage.setItem(KEY, zone);
    } catch (e) {
      /* storage may be unavailable (private mode, file: URLs): the choice lasts this page */
    }
  }

  function offsetText(date, zone) {
    var parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "shortOffset" })
      .formatToParts(date);
    for (var i = 0; i < parts.length; i += 1) {
      if (parts[i].type === "timeZoneName") {
        return parts[i].value.replace("GMT", "UTC");
      }
    }
    return zone;
  }

  function dayText(date, zone) {
    return new Intl.DateTimeFormat(lang, {
      timeZone: zone, weekday: "short", day: "numeric", month: "short"
    }).format(date);
  }

  function render(zone) {
    var clock = new Intl.DateTimeFormat(lang, {
      timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    });
    var main = document.getElementById("main");
    var label = (main && main.getAttribute("data-your-time")) || "Your time";
    var ranges = document.querySelectorAll(".times[data-start][data-end]");
    for (var i = 0; i < ranges.length; i += 1) {
      var el = ranges[i];
      var start = new Date(el.getAttribute("data-start"));
      var end = new Date(el.getAttribute("data-end"));
      var out = el.querySelector(".local-time");
      if (!out) {
        out = document.createElement("span");
        out.className = "local-time";
        el.appendChild(out);
      }
      var text = label + ": " + clock.format(start) + "–" + clock.format(end) +
        " (" + offsetText(start, zone) + ", " + zone + ")";
      if (dayText(start, zone) !== dayText(start, home)) {
        text += ", " + dayText(start, zone);
      }
      out.textContent = text;
      out.setAttribute("data-zone", zone);
    }
  }

  function setUp() {
    var own = browserZone();
    var picker = document.getElementById("zone-picker");
    var box = document.getElementById("zone-box");
    var chosen = readStored();
    if (!chosen || !validZone(chosen)) {
      chosen = own;
    }
    if (picker && box) {
      var first = document.createElement("option");
      first.value = own;
      first.textContent = (picker.getAttribute("data-browser-label") || "") + " (" + own + ")";
      picker.insertBefore(first, picker.firstChild);
      picker.value = own;
      if (chosen !== own) {
        var known = false;
        for (var i = 0; i < picker.options.length; i += 1) {
          if (picker.options[i].value === chosen) { known = true; }
        }
        if (known) { picker.value = chosen; } else { chosen = own; }
      }
      picker.addEventListener("change", function () {
        store(picker.value);
        render(picker.value);
      });
      box.hidden = false;
    }
    render(chosen);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
