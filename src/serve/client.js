// hyde serve's live reload client: injected into HTML responses (never written to disk).
// It speaks the LiveReload protocol over a WebSocket on the page's own host and port, and
// shows build errors over the page until the next good build.
(function () {
  if (window.__hydeLiveReload) return;
  // `open`: the server has greeted this page, so every later rebuild reaches it.
  var state = window.__hydeLiveReload = { open: false };
  // The build this page was served from (set by the server just before this script).
  var build = window.__hydeBuild;
  var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/livereload";
  var overlay = null;
  function show(html) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "hyde-error-overlay";
    overlay.setAttribute("style", "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(20,20,20,.94);color:#f8f8f2;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;" +
      "padding:2em;white-space:pre-wrap");
    overlay.innerHTML = html;
    (document.body || document.documentElement).appendChild(overlay);
  }
  function hide() {
    if (overlay && overlay.parentNode) overlay.parentNode.removeChild(overlay);
    overlay = null;
  }
  function refreshCss() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var href = links[i].href.replace(/([?&])hyde-reload=\d+&?/, "$1").replace(/[?&]$/, "");
      links[i].href = href + (href.indexOf("?") < 0 ? "?" : "&") + "hyde-reload=" + Date.now();
    }
  }
  function connect() {
    var ws = new WebSocket(url);
    ws.onopen = function () {
      ws.send(JSON.stringify({ command: "hello", protocols: ["http://livereload.com/protocols/official-7"] }));
    };
    ws.onmessage = function (e) {
      var m;
      try { m = JSON.parse(e.data); } catch (err) { return; }
      if (m.command === "hello") {
        // A rebuild (or a server restart) happened between serving this page and now.
        if (typeof m.build === "number" && typeof build === "number" && m.build !== build) {
          location.reload();
        } else {
          state.open = true;
        }
      } else if (m.command === "reload") {
        if (m.liveCSS && /\.css$/.test(m.path)) refreshCss(); else location.reload();
      } else if (m.command === "hyde-error") {
        show(m.html);
      } else if (m.command === "hyde-ok") {
        if (typeof m.build === "number") build = m.build;
        hide();
      }
    };
    ws.onclose = function () { state.open = false; setTimeout(connect, 300); };
  }
  connect();
})();
