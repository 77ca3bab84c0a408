// e-Messages pages (worker site and customer portal): small enhancements;
// every page works without them.
// - the error summary takes the focus, so a screen reader reads it first;
// - character counters count like the server: Unicode characters, [...s].length,
//   in the page's language: its digits and plural forms (the words come in
//   data-count-* attributes);
// - the portal's file field tells at once when a chosen file is too large
//   or of a type the county does not take (the server checks again);
// - the Person Name list fills in when a Case Number is typed, without a reload;
// - Action Type, View Documents and Due Date show only for what they apply to;
// - Insert a template adds the template's text to the body in place, and the
//   list puts the chosen person's language first;
// - Escape closes the Case Info menu.
(function () {
  "use strict";

  function chars(s) { return [...s].length; }

  // Error summary.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();

  // Character counters.
  // The page's language writes the counts: its digits (Intl.NumberFormat)
  // and its plural forms (Intl.PluralRules picks among the catalog's forms,
  // which come in data-count-* as JSON, with places like {{.Count}}).
  // The digits are those of data-number-locale (the server's choice).
  var lang = document.documentElement.lang || "en";
  function number(n, locale) {
    try { return new Intl.NumberFormat(locale || lang, { useGrouping: false }).format(n); } catch (e) { return String(n); }
  }
  function plural(n) {
    try { return new Intl.PluralRules(lang).select(n); } catch (e) { return n === 1 ? "one" : "other"; }
  }
  function say(forms, values, locale) {
    var words = forms[plural(values.Count)] || forms.other || "";
    return words.replace(/\{\{\s*\.(\w+)\s*\}\}/g, function (all, name) {
      return name in values ? number(values[name], locale) : all;
    });
  }
  function formsOf(el, name, fallback) {
    try { return JSON.parse(el.getAttribute(name)) || fallback; } catch (e) { return fallback; }
  }
  document.querySelectorAll("textarea[data-maxchars]").forEach(function (area) {
    var max = parseInt(area.getAttribute("data-maxchars"), 10);
    var status = document.querySelector('[data-counter-for="' + area.id + '"]');
    var live = document.querySelector('[data-counter-live="' + area.id + '"]');
    var used = formsOf(area, "data-count-used", { other: "{{.Used}} of {{.Count}} characters used" });
    var over = formsOf(area, "data-count-over", { other: "{{.Count}} characters over the limit of {{.Max}}" });
    var locale = area.getAttribute("data-number-locale");
    var timer = 0;
    function text() {
      var n = chars(area.value);
      if (n > max) return say(over, { Count: n - max, Max: max }, locale);
      return say(used, { Used: n, Count: max }, locale);
    }
    function update() {
      var n = chars(area.value);
      status.textContent = text();
      status.classList.toggle("usa-character-count__status--invalid", n > max);
      area.classList.toggle("usa-input--error", n > max);
      clearTimeout(timer);
      timer = setTimeout(function () { if (live) live.textContent = text(); }, 1000);
    }
    area.addEventListener("input", update);
    update();
  });

  // The portal's file field names at once a chosen file that is too large or
  // not a PDF, JPEG or PNG, and too many files; the server checks again, by
  // the files' content.
  document.querySelectorAll("input[type=file][data-max-size]").forEach(function (input) {
    var maxSize = parseInt(input.getAttribute("data-max-size"), 10);
    var maxFiles = parseInt(input.getAttribute("data-max-files"), 10);
    var note = document.getElementById(input.id + "-check");
    if (!note) return;
    var types = ["application/pdf", "image/jpeg", "image/png"];
    input.addEventListener("change", function () {
      var problems = [];
      if (input.files.length > maxFiles) problems.push(input.getAttribute("data-too-many"));
      [].forEach.call(input.files, function (f) {
        if (f.size > maxSize) problems.push(input.getAttribute("data-too-large").replace("%s", f.name));
        else if (types.indexOf(f.type) < 0) problems.push(input.getAttribute("data-unsupported").replace("%s", f.name));
      });
      note.textContent = problems.join(" ");
    });
  });

  // Person Name list of a case.
  function personsOf(form) {
    var input = form.querySelector("#case_number");
    var group = form.querySelector("[data-persons-group]");
    var select = group && group.querySelector("select");
    if (!input || !select) return;
    var note = form.querySelector("[data-persons-note]");
    var button = form.querySelector("[data-persons-button]");
    var isSearch = form.hasAttribute("data-search-form");
    var first = select.options.length ? select.options[0].cloneNode(true) : null;
    var timer = 0, asked = input.value.trim();
    if (button) {
      button.hidden = true;
      button.addEventListener("click", function (e) { e.preventDefault(); load(); });
    }
    var programs = group.querySelector("[data-programs] select");
    // The Program list: the case's programs, the one chosen kept when the
    // case has it, else the one the service would take.
    function fillPrograms(list) {
      if (!programs) return;
      var keep = programs.value, has = list.some(function (p) { return p.code === keep; });
      programs.textContent = "";
      list.forEach(function (p) {
        var o = document.createElement("option");
        o.value = p.code;
        o.textContent = p.label;
        o.selected = has ? p.code === keep : p.selected;
        programs.appendChild(o);
      });
    }
    // The View Documents list: the case's own notices first; the one
    // chosen kept when the case's list has it.
    var docs = form.querySelector("#document_code");
    function fillDocuments(list) {
      if (!docs || !list) return;
      var keep = docs.value;
      var firstDoc = docs.options.length ? docs.options[0].cloneNode(true) : null;
      docs.textContent = "";
      if (firstDoc) docs.appendChild(firstDoc);
      list.forEach(function (d) {
        var o = document.createElement("option");
        o.value = d.code;
        o.textContent = d.label;
        o.selected = d.code === keep;
        docs.appendChild(o);
      });
    }
    function fill(persons, keep) {
      select.textContent = "";
      if (first) select.appendChild(first.cloneNode(true));
      persons.forEach(function (p) {
        var o = document.createElement("option");
        o.value = p.id;
        o.textContent = p.name + (!isSearch && !p.ssp_linked ? " (no SSP account)" : "");
        if (p.language) o.setAttribute("data-language", p.language);
        if (p.id === keep) o.selected = true;
        select.appendChild(o);
      });
      select.dispatchEvent(new Event("change"));
    }
    function load() {
      var n = input.value.trim();
      asked = n;
      if (!n) {
        group.hidden = true;
        if (note) note.hidden = false;
        return;
      }
      fetch("/worker/cases/" + encodeURIComponent(n) + "/persons", { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (res) { return res.ok ? res.json() : null; })
        .then(function (c) {
          if (n !== asked) return; // a later number was typed meanwhile
          if (!c) {
            group.hidden = true;
            if (note) { note.hidden = false; note.textContent = "No case " + n + " in your county. Check the Case Number, or find the case with Select."; }
            return;
          }
          fill(c.persons, select.value);
          fillPrograms(c.programs || []);
          fillDocuments(c.documents);
          group.hidden = false;
          if (note) note.hidden = true;
        })
        .catch(function () {});
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(load, 300); });
    input.addEventListener("change", function () { clearTimeout(timer); if (input.value.trim() !== asked || group.hidden) load(); });
  }
  document.querySelectorAll("[data-message-form], [data-search-form]").forEach(personsOf);

  // Fields that apply to actions, and to View Document actions.
  document.querySelectorAll("[data-message-form]").forEach(function (form) {
    var type = form.querySelector("#type");
    var action = form.querySelector("#action_type");
    if (!type || !action) return;
    function update() {
      var isAction = type.value === "action";
      form.querySelectorAll(".js-action-only").forEach(function (g) { g.hidden = !isAction; });
      form.querySelectorAll(".js-view-document-only").forEach(function (g) { g.hidden = !(isAction && action.value === "view_document"); });
    }
    type.addEventListener("change", update);
    action.addEventListener("change", update);
    update();
  });

  // Insert a template: the chosen template's text goes into the body as the
  // server would put it (after what was typed and a blank line), unless the
  // body would then be over its limit; the templates in the chosen person's
  // language come first.
  document.querySelectorAll("[data-templates]").forEach(function (group) {
    var form = group.closest("form");
    var select = group.querySelector("select");
    var button = group.querySelector("[data-template-button]");
    var note = group.querySelector("[data-template-note]");
    var body = form && form.querySelector("textarea[name=body]");
    var person = form && form.querySelector("select[name=person_id]");
    if (!select || !button || !body) return;
    var max = parseInt(body.getAttribute("data-maxchars"), 10) || 4000;
    var templates = [].slice.call(select.options, 1);
    button.addEventListener("click", function (e) {
      var o = select.options[select.selectedIndex];
      if (!o || !o.value) return; // the server asks to choose one
      e.preventDefault();
      var text = o.getAttribute("data-body") || "";
      var typed = body.value.replace(/[ \t\r\n]+$/, "");
      var out = typed.trim() === "" ? text : typed + "\n\n" + text;
      var n = chars(out);
      if (n > max) {
        note.textContent = "With this template the e-Message Body would have " + n + " characters, " + (n - max) +
          " over the limit of " + max + ". Shorten the body first, or choose a shorter template.";
        return;
      }
      note.textContent = "";
      body.value = out;
      body.dispatchEvent(new Event("input"));
      body.focus();
      body.setSelectionRange(out.length, out.length);
    });
    function order() {
      var o = person && person.options[person.selectedIndex];
      var lang = (o && o.getAttribute("data-language")) || "";
      templates.filter(function (t) { return t.getAttribute("data-language") === lang; })
        .concat(templates.filter(function (t) { return t.getAttribute("data-language") !== lang; }))
        .forEach(function (t) { select.appendChild(t); });
    }
    if (person) person.addEventListener("change", order);
  });

  // The search sends only the filters that are set, for short addresses to
  // bookmark (without the script, the empty ones come along and mean nothing).
  document.querySelectorAll("[data-search-form]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var empty = [];
      form.querySelectorAll("input[name], select[name]").forEach(function (el) {
        if (el.type !== "checkbox" && el.type !== "radio" && el.value === "") empty.push(el);
      });
      empty.forEach(function (el) { el.disabled = true; });
      setTimeout(function () { empty.forEach(function (el) { el.disabled = false; }); }, 0);
    });
  });

  // Escape closes the Case Info menu until the pointer or focus leaves it.
  document.querySelectorAll("[data-menu]").forEach(function (item) {
    item.addEventListener("keydown", function (e) {
      if (e.key === "Escape") {
        item.classList.add("is-dismissed");
        var link = item.querySelector("a");
        if (link) link.focus();
      }
    });
    function reset() { item.classList.remove("is-dismissed"); }
    item.addEventListener("mouseleave", reset);
    item.addEventListener("focusout", function (e) { if (!item.contains(e.relatedTarget)) reset(); });
  });
})();
