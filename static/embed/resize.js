// Inside the embedded program (only with ?storlek=auto): tell the host page how tall it is.
(function () {
  function tell() {
    parent.postMessage({ veckanEmbedHeight: document.documentElement.scrollHeight }, "*");
  }
  addEventListener("load", tell);
  addEventListener("resize", tell);
})();
