// Follows a background job: updates the progress bar, and reloads the page when it is done.
(function () {
  var box = document.querySelector(".app-job");
  if (!box || box.dataset.finished === "true") return;
  var bar = document.getElementById("job-progress");
  var count = document.getElementById("job-count");
  function poll() {
    fetch(box.dataset.jobUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (job) {
        if (!job) return setTimeout(poll, 3000);
        bar.value = job.percent;
        bar.textContent = job.percent + "%";
        if (job.total) count.textContent = job.done + " of " + job.total;
        if (job.finished) window.location.reload();
        else setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
})();
