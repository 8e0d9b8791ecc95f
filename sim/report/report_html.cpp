// report.html: the page shell (inline CSS, header, contents) around the sections. No script,
// no web font, no external resource: the page works offline and from an e-mail attachment.
// Fonts are the system's, with CJK fallbacks named for Windows, macOS and Linux.
#include "tiersim/report/report_html.hpp"

#include <fmt/format.h>

#include "report/html_parts.hpp"
#include "tiersim/report/format.hpp"

namespace tiersim::report {

namespace {

constexpr const char* kCss = R"css(
:root{--ink:#1f2933;--muted:#52606d;--line:#d9e2ec;--bg:#f5f7fa;--bar:#3b82c4;--miss:#d64545;--ok:#2f855a;
--warn:#b7791f;--up:#dd6b20;--down:#0f8b8d;--alert:#c53030}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,
"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif}
header{background:#102a43;color:#f0f4f8;padding:22px 0 16px}
header .wrap,main{max-width:1120px;margin:0 auto;padding:0 24px}
header h1{margin:0 0 4px;font-size:26px;font-weight:650}
header p{margin:2px 0;color:#bcccdc}
header .meta{font-size:13px}
nav{background:#fff;border-bottom:1px solid var(--line);position:sticky;top:0;z-index:2}
nav .wrap{max-width:1120px;margin:0 auto;padding:8px 24px;display:flex;flex-wrap:wrap;gap:4px 18px;font-size:14px}
nav a{color:#243b53;text-decoration:none}nav a:hover{text-decoration:underline}
section{background:#fff;border:1px solid var(--line);border-radius:8px;margin:20px 0;padding:18px 24px}
h2{margin:0 0 6px;font-size:21px}h3{margin:18px 0 6px;font-size:16px}
.zh{color:var(--muted);font-weight:normal}
.lead{color:var(--muted);margin:0 0 12px;font-size:14px}
.note{color:var(--muted);font-size:13px}
.goal-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:14px}
.goal{border:1px solid var(--line);border-radius:6px;padding:10px 14px}
.goal-head .big{font-size:20px;color:var(--ink);font-weight:600;margin-right:6px}
.goal-head .en{font-size:13px;color:var(--muted)}
.goal-value{font-size:15px;font-weight:600;margin:4px 0 2px}
.goal .def{font-size:12px;color:var(--muted);margin:6px 0 0}
.chip{display:inline-block;font-size:12px;padding:1px 8px;border-radius:10px;border:1px solid}
.chip.ok{color:var(--ok);border-color:var(--ok)}.chip.bad{color:var(--miss);border-color:var(--miss)}
.chip.warn{color:var(--warn);border-color:var(--warn)}.chip.none{color:var(--muted);border-color:var(--line)}
.figures{display:flex;flex-wrap:wrap;gap:10px;margin-top:16px}
.figure{flex:1 1 150px;background:var(--bg);border-radius:6px;padding:8px 12px;font-size:13px}
.figure .n{font-size:20px;font-weight:650}
svg{display:block;max-width:100%;height:auto;font-family:inherit}
svg text{fill:var(--ink);font-size:12px}
svg .tick{fill:var(--muted);font-size:11px}
svg .grid{stroke:#eef2f6}svg .axis{stroke:#9aa5b1}
svg .track{fill:#edf1f5}
svg .bar{fill:var(--bar)}svg .bar.miss{fill:var(--miss)}
svg .row.alert .bar{fill:var(--alert)}svg .row.alert .value{fill:var(--alert);font-weight:600}
svg .ci{stroke:#102a43;stroke-width:1.6;fill:none}
svg .target{stroke:#102a43;stroke-width:2;stroke-dasharray:4 3;fill:none}
svg .target-label,svg .threshold-label{font-size:11px;fill:#102a43}
svg .threshold{stroke:var(--alert);stroke-width:1.5;stroke-dasharray:5 3;fill:none}
svg .hbar{fill:#7aa7d6}
svg.goalbar{max-width:420px;margin:4px 0 6px}
svg.goalbar text{font-size:10px}svg.goalbar .target-label{font-size:10px;font-weight:600}
svg.chart{margin:6px 0 10px}
.network-figure{margin:0}
svg.network{background:#fbfcfe;border:1px solid var(--line);border-radius:6px}
svg .tier-rule{stroke:#e4e9ef;stroke-dasharray:2 4}
svg .tier-label{font-size:13px;font-weight:600;fill:#334e68}
svg .tier-label.zh{font-weight:normal;fill:var(--muted)}
svg .flow{fill:none;stroke-linecap:round;opacity:.72}
svg .flow.up{stroke:var(--up)}svg .flow.down{stroke:var(--down);stroke-dasharray:7 4}
svg .arrow-up{fill:var(--up)}svg .arrow-down{fill:var(--down)}
svg .flow-label{font-size:11px;font-weight:600;paint-order:stroke;stroke:#fff;stroke-width:3px}
svg .flow-label.up{fill:#9c4221}svg .flow-label.down{fill:#0b6e70}
svg .node circle{stroke:#243b53;stroke-width:1.3}
svg .node.u-low circle{fill:#c6f6d5}svg .node.u-mid circle{fill:#fbd38d}
svg .node.u-high circle{fill:#fc8181;stroke:var(--alert);stroke-width:3}svg .node.u-none circle{fill:#e2e8f0}
svg .node-label{font-size:12px;font-weight:600;paint-order:stroke;stroke:#fbfcfe;stroke-width:3px}
svg .node-sub{font-size:11px;fill:var(--muted);paint-order:stroke;stroke:#fbfcfe;stroke-width:3px}
.legend{font-size:13px;color:var(--muted);margin-top:6px}
.key{display:inline-block;width:28px;height:0;border-top:4px solid var(--up);vertical-align:middle;margin:0 4px 0 10px}
.key.down{border-top:4px dashed var(--down)}
.dot{display:inline-block;width:12px;height:12px;border-radius:50%;border:1px solid #243b53;vertical-align:middle;
margin:0 4px 0 10px}.dot.u-low{background:#c6f6d5}.dot.u-mid{background:#fbd38d}.dot.u-high{background:#fc8181}
table{border-collapse:collapse;margin:8px 0 12px;font-size:13px}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{padding:4px 10px;border-bottom:1px solid var(--line);vertical-align:top}
thead th{background:var(--bg);text-align:left;font-weight:600}
table.num td{text-align:right;font-variant-numeric:tabular-nums}
table.num td.text{text-align:left}
tbody th{text-align:left;font-weight:600}
tr.alert td,tr.alert th{color:var(--alert)}
table.kv th{width:230px;color:var(--muted);font-weight:normal}
.warnings{color:var(--alert)}
figure{margin:10px 0}figcaption{font-size:13px;color:var(--muted)}
.condition{border-top:1px solid var(--line);margin-top:10px}
footer{max-width:1120px;margin:0 auto 30px;padding:0 24px;color:var(--muted);font-size:12px}
@media print{body{background:#fff;font-size:11pt}nav{display:none}header{background:#fff;color:#000;padding:0}
header p{color:#333}section{border:none;padding:0;margin:14px 0;break-inside:auto}
h2,h3{break-after:avoid}svg,figure,table,.goal{break-inside:avoid}
@page{size:A4;margin:14mm}}
)css";

}  // namespace

std::string_view report_css() { return kCss; }

std::string network_section_html(const stats::RunResult& run, const scenario::Scenario& s) {
  const html::Context c(run, s, nullptr);
  return html::network_section(c);
}

std::string report_html(const stats::RunResult& run, const scenario::Scenario& s, const analytic::Analysis* analysis) {
  const html::Context c(run, s, analysis);
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  // No network: a restrictive policy makes the browser refuse anything a future edit might add.
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "img-src data:\">\n";
  out += fmt::format("<title>{} · tiersim report</title>\n<style>{}</style>\n</head>\n<body>\n",
                     html_escape(run.scenario), kCss);
  out += fmt::format(
      "<header><div class=\"wrap\"><h1>{}</h1>\n{}<p class=\"meta\">tiersim {} · {} replications · horizon {} after a "
      "{} warm-up · seed {} · scenario file <code>{}</code></p></div></header>\n",
      html_escape(run.scenario), s.description.empty() ? "" : "<p>" + html_escape(s.description) + "</p>\n",
      html_escape(run.version), run.replications, duration_text(run.horizon), duration_text(run.warmup), run.seed,
      html_escape(run.source_file));
  out += std::string("<nav><div class=\"wrap\"><a href=\"#goals\">Goals 目标</a>") +
         (s.observed.empty() ? "" : "<a href=\"#observed\">Observed 观测</a>") +
         "<a href=\"#network\">Network 网络</a><a href=\"#waits\">Waits 候诊</a><a href=\"#green\">Green channel 绿色通道</a>" +
         (s.policy.remote_consult ? "<a href=\"#consult\">Remote consultation 远程会诊</a>" : "") +
         "<a href=\"#capacity\">Utilisation 使用率</a>" +
         (s.policy.outreach.empty() ? "" : "<a href=\"#outreach\">Outreach 义诊</a>") +
         "<a href=\"#method\">Model and method 方法</a></div></nav>\n";
  out += "<main>\n";
  out += html::goals_section(c);
  out += html::observed_section(c);
  out += html::network_section(c);
  out += html::waits_section(c);
  out += html::green_channel_section(c);
  out += html::remote_consult_section(c);
  out += html::capacity_section(c);
  out += html::outreach_section(c);
  out += html::method_section(c);
  out += "</main>\n";
  out += fmt::format("<footer>Generated by tiersim {}. Means over {} replications with Student-t 95% confidence "
                     "intervals.</footer>\n</body>\n</html>\n",
                     html_escape(run.version), run.replications);
  return out;
}

}  // namespace tiersim::report
