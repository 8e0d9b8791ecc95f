// The workbench's style sheet, served after report.html's (same colours, fonts and charts):
// a fixed header, the levers in a scrolling column on the left, results on the right; laid
// out for 1280x720 and up (a laptop or a projector).
#include "serve/page.hpp"

namespace tiersim::serve {

namespace {

constexpr const char* kCss = R"css(
body.wb-body{height:100vh;display:flex;flex-direction:column;overflow:hidden;font-size:14px}
.wb-head{background:#102a43;color:#f0f4f8;display:flex;align-items:center;gap:18px;padding:8px 18px;flex:0 0 auto}
.wb-brand{font-size:18px}.wb-brand .zh{color:#bcccdc}
.wb-pick{display:flex;align-items:center;gap:6px}.wb-pick .zh{color:#bcccdc}
.wb-pick select{font:inherit;padding:3px 6px;border-radius:4px;border:1px solid #829ab1;max-width:340px}
.wb-desc{color:#bcccdc;font-size:13px;flex:1;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.wb{flex:1;display:flex;min-height:0}
.wb-side{width:370px;flex:0 0 370px;background:#fff;border-right:1px solid var(--line);display:flex;flex-direction:column;
min-height:0;padding:10px 14px}
.wb-side h2{font-size:17px;margin:0}.wb-side h3{font-size:14px;margin:8px 0 4px}
.wb-side-head .note{margin:2px 0 6px}
.wb-levers{flex:1;overflow-y:auto;min-height:120px;border-top:1px solid var(--line);border-bottom:1px solid var(--line);padding:4px 2px}
.wb-group{margin:8px 0 4px;font-weight:650;font-size:13px;color:#334e68}
.lever{display:grid;grid-template-columns:1fr 116px;gap:6px;align-items:center;padding:3px 4px;border-radius:4px}
.lever label{font-size:12.5px;line-height:1.3}
.lever.changed{background:#fff7e6;box-shadow:inset 3px 0 0 var(--warn)}
.lever input[type=number],.lever select{width:100%;font:inherit;padding:2px 4px}
.lever .share{display:flex;align-items:center;gap:4px}.lever .share input{width:70px}
.lever .share output{font-variant-numeric:tabular-nums;font-size:12px;min-width:40px;text-align:right}
.wb-actions{display:flex;gap:8px;margin:8px 0 4px}
.wb-actions button,.wb-tabs button,.wb-queue button{font:inherit;border:1px solid #9aa5b1;background:#fff;border-radius:5px;padding:4px 12px;cursor:pointer}
.wb-actions .wb-primary{background:var(--bar);color:#fff;border-color:var(--bar);font-weight:600}
.wb-actions button:disabled{opacity:.5;cursor:default}
.wb-error{color:var(--alert);font-size:12.5px;white-space:pre-wrap;word-break:break-word}
.wb-queue{list-style:none;margin:0;padding:0;max-height:150px;overflow-y:auto;font-size:12.5px}
.wb-queue li{display:grid;grid-template-columns:1fr auto;gap:2px 8px;padding:3px 0;border-bottom:1px solid var(--line)}
.wb-queue .bar{grid-column:1/3;height:6px;background:#edf1f5;border-radius:3px;overflow:hidden}
.wb-queue .bar span{display:block;height:100%;background:var(--bar);width:0}
.wb-queue .st-done .bar span{background:var(--ok)}.wb-queue .st-failed,.wb-queue .st-cancelled{color:var(--muted)}
.wb-queue button{padding:0 8px;font-size:12px}
.wb-queue a{cursor:pointer;color:#243b53}
.wb-main{flex:1;overflow-y:auto;padding:10px 18px 24px;min-width:0}
.wb-tabs{display:flex;gap:6px;margin-bottom:8px}
.wb-tabs button.active{background:#102a43;color:#fff;border-color:#102a43}
.wb-result-head{display:flex;align-items:baseline;gap:16px;flex-wrap:wrap}
.wb-result-head h2{font-size:18px;margin:0}
.wb-links{display:flex;gap:14px;font-size:13px}
.wb-goals{display:grid;grid-template-columns:repeat(auto-fill,minmax(270px,1fr));gap:10px;margin:8px 0}
.wb-goal{background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px 12px}
.wb-goal .zh.big{font-size:17px;color:var(--ink);font-weight:600}
.wb-goal .en{font-size:12px;color:var(--muted);display:block}
.wb-goal .value{font-size:20px;font-weight:650;margin:2px 0 0}
.wb-goal .ci,.wb-goal .base{font-size:12px;color:var(--muted)}
.wb-goal .diff{font-size:13px;margin:3px 0}
.sig{font-weight:600}.sig.up{color:var(--ok)}.sig.down{color:var(--miss)}.sig.flat{color:#243b53}.sig.none{color:var(--muted);font-weight:normal}
.wb-tables{display:grid;grid-template-columns:repeat(auto-fill,minmax(430px,1fr));gap:4px 18px}
.wb-tables h3{margin:10px 0 2px}
.wb-tables table{width:100%;margin:2px 0 6px;font-size:12.5px;background:#fff}
.wb-tables td.sig-cell{text-align:left}
.wb-pre{background:#fff;border:1px solid var(--line);border-radius:6px;padding:10px;font-size:12px;overflow-x:auto}
#history table{background:#fff;font-size:12.5px}
#history th.run{min-width:130px}
#history td.cur{background:#fff7e6}
.wb-tab section{margin:0 0 14px}
)css";

}  // namespace

std::string_view page_css() { return kCss; }

}  // namespace tiersim::serve
