// On the host page, beside <iframe class="veckan-program" src="…?storlek=auto">: keep the frame
// as tall as the program in it, so it never scrolls inside the page.
(function () {
  addEventListener("message", function (event) {
    var height = event.data && event.data.veckanEmbedHeight;
    if (typeof height !== "number") return;
    document.querySelectorAll("iframe.veckan-program").forEach(function (frame) {
      if (frame.contentWindow === event.source) frame.style.height = Math.ceil(height) + "px";
    });
  });
})();
