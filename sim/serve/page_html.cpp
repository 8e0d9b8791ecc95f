// The workbench page's HTML shell; app.js fills it from the JSON API.
#include "serve/page.hpp"

namespace tiersim::serve {

namespace {

constexpr const char* kHtml = R"html(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tiersim workbench · 规划工作台</title>
<link rel="stylesheet" href="/app.css">
<script src="/app.js" defer></script>
</head>
<body class="wb-body">
<header class="wb-head">
  <div class="wb-brand"><strong>tiersim</strong> workbench <span class="zh">规划工作台</span></div>
  <label class="wb-pick">Scenario <span class="zh">情景</span> <select id="scenario" aria-label="scenario"></select></label>
  <div id="scenario-desc" class="wb-desc"></div>
</header>
<div class="wb">
  <aside class="wb-side" aria-label="levers">
    <div class="wb-side-head">
      <h2>Levers <span class="zh">调整参数</span></h2>
      <p class="note">Changed values are marked; the run compares them with the unchanged scenario on common random numbers.</p>
    </div>
    <div id="levers" class="wb-levers"></div>
    <div class="wb-actions">
      <button id="run" class="wb-primary" type="button">Run variant 运行</button>
      <button id="reset" type="button">Reset 重置</button>
    </div>
    <div id="form-error" class="wb-error" role="alert"></div>
    <h3>Runs <span class="zh">运行队列</span></h3>
    <ul id="queue" class="wb-queue"></ul>
  </aside>
  <main class="wb-main">
    <nav class="wb-tabs" role="tablist">
      <button type="button" role="tab" data-tab="result" class="active">Result 结果</button>
      <button type="button" role="tab" data-tab="history">History 历史对比</button>
      <button type="button" role="tab" data-tab="scenario">Scenario 情景概况</button>
    </nav>
    <div id="tab-result" class="wb-tab">
      <p id="result-empty" class="lead">Move a lever and press <b>Run variant</b>: the result appears here, goal by goal, against the unchanged scenario.</p>
      <div id="result" hidden>
        <div class="wb-result-head">
          <h2 id="result-title"></h2>
          <div class="wb-links"><a id="report-link" target="_blank" rel="noopener">Full report 完整报告 (report.html)</a>
          <a id="yaml-link">Save as scenario file 保存情景 (.yaml)</a></div>
        </div>
        <p id="result-changes" class="note"></p>
        <div id="goals" class="wb-goals"></div>
        <div class="wb-tables">
          <div><h3>Waits <span class="zh">候诊时间</span> (minutes)</h3><div id="waits"></div></div>
          <div><h3>Utilisation <span class="zh">使用率</span></h3><div id="utilisation"></div></div>
          <div><h3>Green channel <span class="zh">绿色通道</span></h3><div id="green"></div></div>
          <div><h3>Flows <span class="zh">转诊</span> (per replication)</h3><div id="flows"></div></div>
        </div>
        <div id="result-network"></div>
      </div>
    </div>
    <div id="tab-history" class="wb-tab" hidden>
      <p class="lead">Every run since the server started, side by side: each goal's mean and its paired difference from the unchanged scenario.</p>
      <div id="history"></div>
    </div>
    <div id="tab-scenario" class="wb-tab" hidden>
      <div id="network"></div>
      <h3>Summary <span class="zh">概况</span> (as <code>tiersim validate</code> prints it)</h3>
      <pre id="summary" class="wb-pre"></pre>
    </div>
  </main>
</div>
</body>
</html>
)html";

}  // namespace

std::string_view page_html() { return kHtml; }

}  // namespace tiersim::serve
