// hyde serve's live reload client: injected into HTML responses (never written to disk).
// It speaks the LiveReload protocol over a WebSocket on the page's own host and port, and
// shows build errors over the page until the next good build.
(function () {
  if (window.__hydeLiveReload) return;
  window.__hydeLiveReload = true;
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
  var wasOpen = false;
  function connect() {
    var ws = new WebSocket(url);
    ws.onopen = function () {
      ws.send(JSON.stringify({ command: "hello", protocols: ["http://livereload.com/protocols/official-7"] }));
      // The server restarted while this page was open: it may have missed a rebuild.
      if (wasOpen) location.reload();
      wasOpen = true;
    };
    ws.onmessage = function (e) {
      var m;
      try { m = JSON.parse(e.data); } catch (err) { return; }
      if (m.command === "reload") {
        if (m.liveCSS && /\.css$/.test(m.path)) refreshCss(); else location.reload();
      } else if (m.command === "hyde-error") {
        show(m.html);
      } else if (m.command === "hyde-ok") {
        hide();
      }
    };
    ws.onclose = function () { setTimeout(connect, 300); };
  }
  connect();
})();
