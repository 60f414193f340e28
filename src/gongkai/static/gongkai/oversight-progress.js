// Live progress of a batch audit: poll the job's JSON and update the bar; reload once it is finished.
// Without JavaScript the page refreshes itself (a <noscript> meta refresh) and shows the same.
(function () {
  "use strict";
  var box = document.getElementById("audit-progress");
  if (!box) { return; }
  var url = box.getAttribute("data-progress-url");
  var bar = document.getElementById("audit-bar");
  var status = document.getElementById("audit-status");
  var counts = document.getElementById("audit-counts");
  var workerNotice = document.getElementById("worker-notice");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        bar.value = job.percent;
        bar.textContent = job.percent + "%";
        status.textContent = job.status_label;
        counts.textContent = job.counts;
        if (workerNotice) { workerNotice.hidden = !job.worker_missing; }
        if (job.finished) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
}());
