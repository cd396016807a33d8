/* One control per unit of the text, the printout's running head, and a field that goes to a unit.
 *
 * Each section, clause, sub-clause and the preamble gets one small menu button (the WAI-ARIA
 * menu button pattern: Enter, Space or ArrowDown opens it, the arrow keys move, Escape closes it
 * and gives the focus back) holding: copy the link, copy a citation, print this unit alone, and
 * show what changed in it and its history. That button is the unit's only tab stop: the label
 * (a link to the unit, which the menu copies), a section's pilcrow, the change mark and the
 * history line leave the tab order; they come back into it while the focus is inside them,
 * where the menu takes the reader. On a page of
 * 300 clauses, that is 300 stops instead of 750; the "go to" field at the top of the text (the
 * first stop after Material's "Skip to content") reaches any unit by its own label: "5 c",
 * "§ 5 c", "5c", "6 b (1)", "s5-c".
 *
 * A citation is written in the page's language from what the page says of itself
 * (.policy-print-head, pages/citation.py: the title, the version, its period in force, worded
 * by Babel on the server, and the address of the version's own page) and the unit's own label:
 * "Privacy Policy, version 1.3 (in force since 1 April 2026), section 5 c, https://…/versions/1.3/#s5-c".
 *
 * Print (policy.css): .policy-print-head is fixed in the top margin of every sheet; its address
 * is the one printed from, fragment included; the page numbers in the bottom margin get the
 * page's words through custom properties on <html> (CSSOM, which the Content-Security-Policy
 * allows; without script they read "3 / 12"). Printing one unit is a mode of the page: a class
 * on <html> and on the unit, set before window.print() and removed at afterprint.
 *
 * Without script, none of this is there: a unit's label is its permanent link, as before. */
(function (script) {
  var words = {};
  if (script) {
    Array.prototype.forEach.call(script.attributes, function (attribute) {
      if (attribute.name.indexOf("data-w-") === 0) words[attribute.name.slice(7).replace(/-/g, "_")] = attribute.value;
    });
  }
  // Fills {name} in one pass: a value that holds "{url}" (a hostile title) is never filled again.
  function fill(text, values) {
    return (text || "").replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : all;
    });
  }
  var root = document.documentElement;
  var content = document.querySelector(".md-content");
  if (!content) return;
  var head = content.querySelector(".policy-print-head");
  var here = function () { return location.origin + location.pathname; };

  /* The label as the text writes it: "5 c", "6 b (1)" from the anchor under the default
   * numbering; a policy numbered otherwise ("D 4", "4.2.1") writes it on the label
   * (data-policy-cite); a section's is its heading's first word, without the dot. */
  function fullLabel(id) {
    var parts = id.slice(1).split("-");
    return parts.length === 3 ? parts[0] + " " + parts[1] + " (" + parts[2] + ")" : parts.join(" ");
  }
  function headingLabel(heading) {
    var first = (heading.firstChild && heading.firstChild.nodeType === 3 ? heading.firstChild.nodeValue : heading.textContent) || "";
    var found = /^\s*(\S+?)\.?(\s|$)/.exec(first);
    return found ? found[1] : fullLabel(heading.id);
  }

  // Material Design Icons "dots-vertical" (Apache 2.0), drawn inline: no font or request.
  var ICON = '<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">' +
    '<path fill="currentColor" d="M12 16a2 2 0 0 1 2 2 2 2 0 0 1-2 2 2 2 0 0 1-2-2 2 2 0 0 1 2-2m0-6a2 2 0 0 1 2 2 ' +
    '2 2 0 0 1-2 2 2 2 0 0 1-2-2 2 2 0 0 1 2-2m0-6a2 2 0 0 1 2 2 2 2 0 0 1-2 2 2 2 0 0 1-2-2 2 2 0 0 1 2-2"/></svg>';

  var status = document.createElement("div");
  status.className = "policy-sr-only policy-unit-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  document.body.appendChild(status);

  /* A unit's history line (details.policy-history, or an archived page's p.policy-history
   * with its links) leaves the tab order; it comes back while the focus is inside it. */
  var FOCUSABLE = "a[href], summary";
  function quiet(region) {
    region.querySelectorAll(FOCUSABLE).forEach(function (element) { element.setAttribute("tabindex", "-1"); });
  }
  function wake(region) {
    region.querySelectorAll(FOCUSABLE).forEach(function (element) { element.removeAttribute("tabindex"); });
  }
  function own(unit, cls) {
    var holder = unit.tagName === "H2" ? unit.parentElement : unit;
    for (var child = holder.firstElementChild; child; child = child.nextElementSibling) {
      if (child.classList.contains(cls)) return child;
    }
    return null;
  }
  // The same for the mark of a changed unit, which opens its redline in place.
  content.querySelectorAll(".policy-history, details.policy-change").forEach(function (region) {
    quiet(region);
    region.addEventListener("focusin", function () { wake(region); });
    region.addEventListener("focusout", function (event) {
      if (!region.contains(event.relatedTarget)) quiet(region);
    });
  });

  /* Copying: the clipboard where the page may use it (a secure context), else a selected
   * textarea and the browser's copy command; the address bar shows the unit's address if both fail. */
  function copy(text, id) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.className = "policy-sr-only";
      area.value = text;
      document.body.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (error) { done = false; }
      area.remove();
      if (done) resolve(); else { history.replaceState(null, "", "#" + id); reject(); }
    });
  }

  /* The citation: the page's facts and the unit's own label, with a link pinned to the version. */
  function citation(unit) {
    var pinned = new URL(head.getAttribute("data-pinned"), location.href);
    pinned.hash = unit.id;
    return fill(words.cite, {
      title: head.getAttribute("data-title"),
      version: head.getAttribute("data-version"),
      period: head.getAttribute("data-period"),
      unit: unit.preamble ? words.cite_preamble : fill(words.cite_unit, {label: unit.label}),
      url: pinned.href
    });
  }

  /* Print. The running head's address is the one the reader prints from; the page numbers
   * are in the page's words. Set now and kept current: Chromium's page.pdf() and some
   * browsers' print preview do not wait for beforeprint. */
  function cssString(text) {
    return '"' + text.replace(/[\\"\n\r\f]/g, function (c) { return "\\" + c.charCodeAt(0).toString(16) + " "; }) + '"';
  }
  if (words.print_page) {
    var parts = words.print_page.split("{page}");
    var rest = (parts[1] || "").split("{pages}");
    if (parts.length === 2 && rest.length === 2) {
      root.style.setProperty("--policy-page-before", cssString(parts[0]));
      root.style.setProperty("--policy-page-between", cssString(rest[0]));
      root.style.setProperty("--policy-page-after", cssString(rest[1]));
    }
  }
  var address = head && head.querySelector(".policy-print-address");
  var unitLine = head && head.querySelector(".policy-print-unit");
  function showAddress() {
    if (address && !root.classList.contains("policy-printing-unit")) address.textContent = location.href;
  }
  showAddress();
  window.addEventListener("hashchange", showAddress);
  window.addEventListener("beforeprint", showAddress);

  var printed = null;
  function endUnitPrint() {
    if (!printed) return;
    printed.classList.remove("policy-print-target");
    root.classList.remove("policy-printing-unit");
    if (unitLine) unitLine.textContent = "";
    printed = null;
    showAddress();
  }
  window.addEventListener("afterprint", endUnitPrint);
  function printUnit(unit) {
    endUnitPrint();
    printed = unit.element;
    printed.classList.add("policy-print-target");
    root.classList.add("policy-printing-unit");
    if (unitLine) unitLine.textContent = citation(unit);  // its label, version and period, on every sheet
    if (address) address.textContent = here() + "#" + unit.id;
    window.print();
  }

  /* The units: each label of a clause, sub-clause or the preamble, and each section's heading. */
  var units = [];
  content.querySelectorAll("a.policy-label").forEach(function (label) {
    var element = label.closest("[id]");
    if (!element || !element.id) return;
    var preamble = element.id === "s0" && element.classList.contains("policy-preamble");
    units.push({id: element.id, element: element, preamble: preamble, after: label, link: label,
      label: label.getAttribute("data-policy-cite") || fullLabel(element.id)});
  });
  content.querySelectorAll(".policy-section > h2[id]").forEach(function (heading) {
    var pilcrow = heading.querySelector(".headerlink");
    units.push({id: heading.id, element: heading.parentElement, heading: heading, preamble: false,
      after: pilcrow, link: pilcrow, label: headingLabel(heading)});
  });

  var open = null;  // the menu that is open: {button, menu}
  function items(menu) { return Array.prototype.slice.call(menu.querySelectorAll("[role=menuitem]")); }
  function close(returnFocus) {
    if (!open) return;
    var was = open;
    open = null;
    was.menu.hidden = true;
    was.button.setAttribute("aria-expanded", "false");
    if (returnFocus) was.button.focus();
  }
  function flash(tools, message) {
    status.textContent = "";
    status.textContent = message;
    tools.classList.add("policy-unit-tools--done");
    clearTimeout(tools.policyDone);
    tools.policyDone = setTimeout(function () { tools.classList.remove("policy-unit-tools--done"); }, 2000);
  }

  function menuFor(unit, tools, button) {
    var menu = document.createElement("div");
    menu.className = "policy-unit-menu";
    menu.id = "policy-unit-menu-" + unit.id;
    menu.setAttribute("role", "menu");
    menu.setAttribute("aria-label", button.getAttribute("aria-label"));
    menu.hidden = true;
    function item(text, action) {
      var entry = document.createElement("button");
      entry.type = "button";
      entry.className = "policy-unit-menu-item";
      entry.setAttribute("role", "menuitem");
      entry.tabIndex = -1;
      entry.textContent = text;
      entry.addEventListener("click", function () { action(); });
      menu.appendChild(entry);
    }
    var name = {label: unit.label};
    item(unit.preamble ? words.copy_preamble : fill(words.copy_unit_link, name), function () {
      var url = here() + "#" + unit.id;
      close(true);
      copy(url, unit.id).then(function () { flash(tools, fill(words.link_copied, {url: url})); }, function () {});
    });
    if (head) {
      item(unit.preamble ? words.copy_cite_preamble : fill(words.copy_cite, name), function () {
        var text = citation(unit);
        close(true);
        copy(text, unit.id).then(function () { flash(tools, fill(words.cite_copied, {citation: text})); }, function () {});
      });
      item(unit.preamble ? words.print_preamble : fill(words.print_unit, name), function () {
        close(true);
        printUnit(unit);
      });
    }
    // The unit's change mark and history line: opened, and the focus taken into them.
    [["policy-change", "menu_change"], ["policy-history", "menu_history"]].forEach(function (kind) {
      var region = own(unit.heading || unit.element, kind[0]);
      if (!region) return;
      item(unit.preamble ? words[kind[1] + "_preamble"] : fill(words[kind[1]], name), function () {
        close(false);
        wake(region);
        if (region.tagName === "DETAILS") {
          region.open = true;
          region.querySelector("summary").focus();
        } else {
          var first = region.querySelector("a[href]");
          if (first) first.focus();
        }
      });
    });
    menu.addEventListener("keydown", function (event) {
      var list = items(menu), at = list.indexOf(document.activeElement);
      var to = {ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: list.length - 1}[event.key];
      if (to !== undefined) {
        event.preventDefault();
        list[(to + list.length) % list.length].focus();
      } else if (event.key === "Escape") {
        event.preventDefault();
        close(true);
      } else if (event.key === "Tab") {
        close(false);
      }
    });
    menu.addEventListener("focusout", function (event) {
      if (open && open.menu === menu && !tools.contains(event.relatedTarget)) close(false);
    });
    tools.appendChild(menu);
    return menu;
  }

  function show(unit, tools, button, which) {
    if (open && open.button === button) { close(true); return; }
    close(false);
    var menu = tools.querySelector(".policy-unit-menu") || menuFor(unit, tools, button);
    menu.hidden = false;
    // Near the right edge (a section's heading on a phone), the menu moves left to stay on the
    // screen (CSSOM, which the Content-Security-Policy allows, unlike a style attribute).
    menu.style.left = "";
    var box = menu.getBoundingClientRect(), room = document.documentElement.clientWidth - 8;
    if (box.right > room) menu.style.left = -Math.min(box.right - room, box.left - 8) + "px";
    button.setAttribute("aria-expanded", "true");
    open = {button: button, menu: menu};
    var list = items(menu);
    list[which === "last" ? list.length - 1 : 0].focus();
  }

  units.forEach(function (unit) {
    if (unit.link) unit.link.setAttribute("tabindex", "-1");  // the menu is the unit's one stop
    var tools = document.createElement("span");
    tools.className = "policy-unit-tools";
    tools.setAttribute("data-search-exclude", "");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "policy-unit-button";
    button.setAttribute("data-anchor", unit.id);
    button.setAttribute("aria-haspopup", "menu");
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", "policy-unit-menu-" + unit.id);
    button.setAttribute("aria-label", unit.preamble ? words.unit_menu_preamble : fill(words.unit_menu, {label: unit.label}));
    button.title = button.getAttribute("aria-label");
    button.innerHTML = ICON;
    var done = document.createElement("span");
    done.className = "policy-unit-done";
    done.setAttribute("aria-hidden", "true");
    done.textContent = words.unit_copied || "";
    tools.appendChild(button);
    tools.appendChild(done);
    button.addEventListener("click", function () { show(unit, tools, button, "first"); });
    button.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!open || open.button !== button) show(unit, tools, button, event.key === "ArrowUp" ? "last" : "first");
      }
    });
    if (unit.after) unit.after.insertAdjacentElement("afterend", tools);
    else unit.heading.appendChild(tools);
    unit.button = button;
  });
  document.addEventListener("click", function (event) {
    if (open && !open.menu.parentElement.contains(event.target)) close(false);
  });

  /* "Go to": the first stop after "Skip to content", shown when it has the focus. It knows
   * every unit by the text's own label, and by its anchor; "5c" is section 5c where there is
   * one, else clause 5 c. */
  function key(text) {
    return text.toLowerCase().replace(/§/g, " ").replace(/[().,\-–\u00a0]/g, " ").trim().split(/\s+/).join(" ");
  }
  // The notes that stand for a removed unit or one still to come ("1 c was removed in 1.3"),
  // and the old anchors of moved units, which land in the unit they became (its button).
  var notes = Array.prototype.map.call(
    content.querySelectorAll(".policy-removed[id], .policy-upcoming-unit[id], .policy-alias[id]"),
    function (note) {
      var holder = note.classList.contains("policy-alias") ? note.parentElement : null;
      var unit = holder && units.filter(function (one) { return one.element === holder; })[0];
      return {id: note.id, element: note, label: fullLabel(note.id), button: unit ? unit.button : null};
    });
  var article = content.querySelector(".md-content__inner");
  if (!units.length || !article || !words.goto_label) return;
  var form = document.createElement("form");
  form.className = "policy-goto";
  form.setAttribute("data-search-exclude", "");
  var field = document.createElement("input");
  field.type = "text";
  field.id = "policy-goto-field";
  field.autocomplete = "off";
  field.setAttribute("enterkeyhint", "go");
  var label = document.createElement("label");
  label.htmlFor = field.id;
  label.textContent = words.goto_label;
  var go = document.createElement("button");
  go.type = "submit";
  go.className = "policy-goto-button";
  go.textContent = words.goto_button;
  var said = document.createElement("p");
  said.className = "policy-goto-message";
  said.setAttribute("role", "status");
  form.appendChild(label);
  form.appendChild(field);
  form.appendChild(go);
  form.appendChild(said);
  // After the page's heading, where Material's "Skip to content" lands.
  // The heading's own pilcrow (the page's address) is not a stop of its own there either.
  var title = article.querySelector(":scope > h1");
  var pilcrow = title && title.querySelector(".headerlink");
  if (pilcrow) pilcrow.setAttribute("tabindex", "-1");
  if (title) title.insertAdjacentElement("afterend", form);
  else article.insertBefore(form, article.firstChild);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var typed = field.value.trim();
    if (!typed) return;
    var wanted = key(typed), squeezed = wanted.replace(/ /g, "");
    var found = null, loose = null;
    units.concat(notes).forEach(function (unit) {
      var own = key(unit.label);
      if (own === wanted || unit.id.toLowerCase() === typed.toLowerCase()) found = found || unit;
      else if (own.replace(/ /g, "") === squeezed) loose = loose || unit;
    });
    found = found || loose;
    var target = found ? found.element : null;
    if (!target) {  // any other anchor of the text, typed as such (an alias, a moved unit's)
      var element = document.getElementById(typed) || document.getElementById(typed.toLowerCase());
      if (element && content.contains(element) && !form.contains(element)) target = element;
    }
    if (!target) {
      said.textContent = fill(words.goto_missing, {label: typed});
      return;
    }
    said.textContent = "";
    var id = found ? found.id : target.id;
    if (decodeURIComponent(location.hash.slice(1)) !== id) location.hash = "#" + id;
    else (found && found.heading ? found.heading : target).scrollIntoView();
    if (found && found.button) found.button.focus();
    else { target.setAttribute("tabindex", "-1"); target.focus(); }
  });
})(document.currentScript);
