/*
 * Tablero: an editor's typed work survives a save that fails on the server.
 *
 * When an admin edit form (Wagtail's `form[data-edit-form]`: pages, snippets,
 * documents...) is submitted, its fields are kept in this browser's local storage
 * until the server answers. If the answer is the "changes not saved" page (the
 * database did not respond: templates/503.html marks it) or never comes, the next
 * visit to the form offers to send the same changes again ("Reintentar guardar")
 * or to discard them. Any real answer (saved, or the form back with its errors)
 * clears the copy. Files chosen in the form are not kept (the browser cannot).
 */
(function () {
  "use strict";

  var PREFIX = "tablero:sin-guardar:";
  var PENDING = "tablero:envio-pendiente";
  var MAX_AGE_MS = 7 * 24 * 3600 * 1000;

  function storage() {
    try {
      var probe = PREFIX + "probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (error) {
      return null; // private mode, quota or disabled storage: nothing to keep
    }
  }

  var store = storage();
  if (!store) {
    return;
  }

  // The texts, translated by the server (templates/includes/keep_unsaved_texts.html).
  var source = document.getElementById("tablero-keep-unsaved-texts");
  if (!source) {
    return;
  }
  var TEXTS = source.dataset;

  function keyFor(action) {
    var url = new URL(action || window.location.href, window.location.href);
    return PREFIX + url.pathname;
  }

  function read(key) {
    try {
      return JSON.parse(store.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  function write(key, entry) {
    try {
      store.setItem(key, JSON.stringify(entry));
    } catch (error) {
      /* quota exceeded: the save goes on, only the safety copy is missing */
    }
  }

  function keep(form, submitter) {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && name !== "csrfmiddlewaretoken") {
        fields.push([name, value]);
      }
    });
    if (submitter && submitter.name) {
      fields.push([submitter.name, submitter.value || ""]);
    }
    var key = keyFor(form.getAttribute("action"));
    markPending(key);
    write(key, {
      action: new URL(form.getAttribute("action") || window.location.href, window.location.href)
        .pathname,
      title: document.title,
      savedAt: Date.now(),
      state: "sent",
      fields: fields,
    });
  }

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (
        form instanceof HTMLFormElement &&
        form.hasAttribute("data-edit-form") &&
        (form.method || "").toLowerCase() === "post"
      ) {
        keep(form, event.submitter);
      }
    },
    true
  );

  /* This tab's submission awaiting an answer (session storage: one per tab). */
  function markPending(key) {
    try {
      window.sessionStorage.setItem(PENDING, key);
    } catch (error) {
      /* without session storage the copy is offered again on the form */
    }
  }

  function takePending() {
    try {
      var key = window.sessionStorage.getItem(PENDING);
      window.sessionStorage.removeItem(PENDING);
      return key;
    } catch (error) {
      return null;
    }
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) {
      return input.value;
    }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function resend(key, entry) {
    var form = document.createElement("form");
    form.method = "post";
    form.action = entry.action;
    form.enctype = "multipart/form-data";
    form.hidden = true;
    var fields = entry.fields.concat([["csrfmiddlewaretoken", csrfToken()]]);
    fields.forEach(function (pair) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = pair[0];
      input.value = pair[1];
      form.appendChild(input);
    });
    entry.state = "sent";
    write(key, entry);
    markPending(key);
    document.body.appendChild(form);
    form.submit();
  }

  function when(entry) {
    return new Date(entry.savedAt).toLocaleString(document.documentElement.lang || undefined, {
      dateStyle: "long",
      timeStyle: "short",
    });
  }

  function button(label, classes, onClick) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = classes;
    element.textContent = label;
    element.addEventListener("click", onClick);
    return element;
  }

  function offer(key, entry, container, onFailurePage) {
    var notice = document.createElement("section");
    notice.className = "help-block help-critical tablero-unsaved";
    notice.setAttribute("role", "alert");
    notice.setAttribute("data-tablero-unsaved-offer", "");
    var heading = document.createElement("h2");
    heading.textContent = TEXTS.heading.replace("{when}", when(entry));
    var text = document.createElement("p");
    text.textContent = onFailurePage ? TEXTS.failurePage : TEXTS.form;
    notice.appendChild(heading);
    notice.appendChild(text);
    notice.appendChild(
      button(TEXTS.retry, "button", function () {
        resend(key, entry);
      })
    );
    if (!onFailurePage) {
      notice.appendChild(document.createTextNode(" "));
      notice.appendChild(
        button(TEXTS.discard, "button button-secondary", function () {
          store.removeItem(key);
          notice.remove();
        })
      );
    }
    container.insertBefore(notice, container.firstChild);
  }

  function navigationType() {
    var entries = window.performance && performance.getEntriesByType
      ? performance.getEntriesByType("navigation")
      : [];
    return entries.length ? entries[0].type : "navigate";
  }

  function forgetOld() {
    for (var index = store.length - 1; index >= 0; index -= 1) {
      var key = store.key(index);
      if (key && key.indexOf(PREFIX) === 0) {
        var entry = read(key);
        if (!entry || Date.now() - entry.savedAt > MAX_AGE_MS) {
          store.removeItem(key);
        }
      }
    }
  }

  function onLoad() {
    forgetOld();
    var failurePage = document.querySelector("[data-tablero-not-saved]");
    var pendingKey = takePending();
    var pending = pendingKey ? read(pendingKey) : null;
    if (pending) {
      if (!failurePage && navigationType() === "navigate") {
        // The server answered this tab's submission: saved, or the form is back with
        // its errors and what was typed. Either way nothing is lost any more.
        store.removeItem(pendingKey);
      } else {
        pending.state = "failed";
        write(pendingKey, pending);
      }
    }
    var key = keyFor(window.location.href);
    var entry = read(key);
    if (!entry) {
      return;
    }
    if (failurePage) {
      offer(key, entry, failurePage, true);
      return;
    }
    var form = document.querySelector("form[data-edit-form]");
    if (form) {
      offer(key, entry, form.parentNode, false);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onLoad);
  } else {
    onLoad();
  }
})();
