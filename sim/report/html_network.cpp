// The network drawn as tiers (regional at the top, villages at the bottom) with the referral
// flows of the run: line width is the mean number of patients per replication on that pair,
// up (上转) and down (下转) in different colours and on opposite sides of the line joining two
// facilities. Node size is visits, node colour utilisation, so an overloaded facility with
// heavy inflow stands out. Many villages are drawn as one node per township.
#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "report/html_parts.hpp"

namespace tiersim::report::html {

namespace {

struct Node {
  std::string label;
  std::string sublabel;
  std::string tooltip;
  int tier = 0;
  double visits = 0;       ///< per replication
  double util = NAN;       ///< mean (of the members, for a group)
  double util_max = NAN;
  std::size_t first = 0;   ///< file order of its first facility
  double x = 0;
  double y = 0;
  double r = 0;
};

struct Edge {
  double up = 0;
  double down = 0;
};

const char* tier_label_zh(int t) {
  static const char* const kZh[] = {"村", "乡镇", "县", "区域"};
  return kZh[t];
}

/// Mean over replications of each (from, to) facility pair's flow.
std::map<std::pair<FacilityIndex, FacilityIndex>, Edge> facility_flows(const Context& c) {
  std::map<std::pair<FacilityIndex, FacilityIndex>, Edge> flows;
  if (c.run.reps.empty()) return flows;
  const double n = static_cast<double>(c.run.reps.size());
  for (const auto& r : c.run.reps) {
    for (const auto& f : r.flows) {
      const auto a = c.s.find_facility(f.from);
      const auto b = c.s.find_facility(f.to);
      if (!a || !b) continue;
      auto& e = flows[{*a, *b}];
      e.up += static_cast<double>(f.up) / n;
      e.down += static_cast<double>(f.down) / n;
    }
  }
  return flows;
}

const char* util_class(double u) {
  if (!std::isfinite(u)) return "u-none";
  if (u > 0.85) return "u-high";
  if (u > 0.6) return "u-mid";
  return "u-low";
}

}  // namespace

bool aggregate_villages(const Context& c) { return c.villages() > kMaxVillagesShown; }

std::vector<FacilityIndex> village_owner(const Context& c) {
  std::vector<FacilityIndex> owner(c.s.facilities.size(), kNoIndex);
  std::vector<double> best(c.s.facilities.size(), 0.0);
  const auto flows = facility_flows(c);
  for (const auto& [pair, e] : flows) {
    if (c.s.facilities[pair.first].tier != scenario::Tier::kVillage) continue;
    if (e.up > best[pair.first]) {
      best[pair.first] = e.up;
      owner[pair.first] = pair.second;
    }
  }
  for (std::size_t i = 0; i < c.s.facilities.size(); ++i) {
    const auto& f = c.s.facilities[i];
    if (f.tier != scenario::Tier::kVillage) {
      owner[i] = kNoIndex;
    } else if (!f.parent.empty()) {
      if (auto p = c.s.find_facility(f.parent)) owner[i] = *p;
    }
  }
  return owner;
}

std::string network_section(const Context& c) {
  const auto& fs = c.s.facilities;
  const bool aggregate = aggregate_villages(c);
  const auto owner = village_owner(c);
  std::vector<Node> nodes;
  std::vector<std::size_t> node_of(fs.size());
  std::map<FacilityIndex, std::size_t> group_node;  // owner -> node, for grouped villages
  std::vector<std::vector<double>> group_utils;

  for (std::size_t i = 0; i < fs.size(); ++i) {
    const auto& f = fs[i];
    const double visits = c.facility_mean_count(i, &stats::FacilityResult::visits);
    const auto* u = c.metric("utilisation." + f.id);
    if (aggregate && f.tier == scenario::Tier::kVillage) {
      auto [it, fresh] = group_node.emplace(owner[i], nodes.size());
      if (fresh) {
        Node n;
        n.tier = 0;
        n.first = i;
        n.visits = 0;
        nodes.push_back(n);
        group_utils.emplace_back();
      }
      node_of[i] = it->second;
      nodes[it->second].visits += std::isfinite(visits) ? visits : 0;
      if (u) group_utils[it->second].push_back(u->mean);
      continue;
    }
    Node n;
    n.label = f.id;
    n.tier = static_cast<int>(f.tier);
    n.first = i;
    n.visits = std::isfinite(visits) ? visits : 0;
    n.util = u ? u->mean : NAN;
    n.util_max = n.util;
    n.sublabel = u ? pct(u->mean, 0) : "";
    n.tooltip = fmt::format("{} ({}, {}): {} visits per replication, utilisation {}", f.name, f.id,
                            scenario::tier_name(f.tier), count(n.visits), u ? with_ci(*u, true) : "–");
    node_of[i] = nodes.size();
    nodes.push_back(n);
    group_utils.emplace_back();
  }
  // Members of each node, counted in one pass (a province has thousands of village groups).
  std::vector<std::size_t> members_of(nodes.size(), 0);
  for (std::size_t i = 0; i < fs.size(); ++i) ++members_of[node_of[i]];
  for (const auto& [own, idx] : group_node) {
    auto& n = nodes[idx];
    const auto& us = group_utils[idx];
    const std::size_t members = members_of[idx];
    const std::string own_id = own == kNoIndex ? "unattached" : fs[own].id;
    n.label = fmt::format("{} villages", members);
    if (!us.empty()) {
      double sum = 0;
      for (double v : us) sum += v;
      n.util = sum / static_cast<double>(us.size());
      n.util_max = *std::max_element(us.begin(), us.end());
    }
    n.sublabel = fmt::format("of {}", own_id);
    n.tooltip = fmt::format("{} village clinics of {}: {} visits per replication in all, utilisation mean {}, max {}",
                            members, own_id, count(n.visits), pct(n.util), pct(n.util_max));
  }

  // Node-level flows.
  std::map<std::pair<std::size_t, std::size_t>, Edge> edges;
  for (const auto& [pair, e] : facility_flows(c)) {
    const auto a = node_of[pair.first];
    const auto b = node_of[pair.second];
    if (a == b) continue;
    auto& ed = edges[{a, b}];
    ed.up += e.up;
    ed.down += e.down;
  }

  // Rows, top (regional) to bottom (village); a node sits in order of the position of the
  // node above it that takes most of its patients, so referral lines run mostly downwards.
  std::vector<int> tiers_present;
  for (int t = scenario::kTierCount - 1; t >= 0; --t) {
    if (std::any_of(nodes.begin(), nodes.end(), [t](const Node& n) { return n.tier == t; })) tiers_present.push_back(t);
  }
  std::size_t widest = 1;
  for (int t : tiers_present) {
    widest = std::max<std::size_t>(widest, static_cast<std::size_t>(std::count_if(
                                               nodes.begin(), nodes.end(), [t](const Node& n) { return n.tier == t; })));
  }
  constexpr double kLeft = 120, kRowGap = 150, kTop = 60;
  const double width = std::max(1000.0, kLeft + 40 + 92.0 * static_cast<double>(widest));
  const double plot_w = width - kLeft - 30;
  double max_visits = 1;
  for (const auto& n : nodes) max_visits = std::max(max_visits, n.visits);
  std::vector<bool> placed(nodes.size(), false);
  for (std::size_t row = 0; row < tiers_present.size(); ++row) {
    const int t = tiers_present[row];
    std::vector<std::pair<double, std::size_t>> order;  // (anchor x, node)
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (nodes[i].tier != t) continue;
      double anchor = 1e18;
      double best = 0;
      for (const auto& [pair, e] : edges) {
        if (pair.first != i || !placed[pair.second] || e.up <= best) continue;
        best = e.up;
        anchor = nodes[pair.second].x;
      }
      order.emplace_back(anchor, i);
    }
    std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : nodes[a.second].first < nodes[b.second].first;
    });
    for (std::size_t k = 0; k < order.size(); ++k) {
      auto& n = nodes[order[k].second];
      n.x = kLeft + plot_w * (static_cast<double>(k) + 0.5) / static_cast<double>(order.size());
      n.y = kTop + kRowGap * static_cast<double>(row);
      n.r = 9 + 17 * std::sqrt(n.visits / max_visits);
      placed[order[k].second] = true;
    }
  }
  const double height = kTop + kRowGap * static_cast<double>(tiers_present.size() - 1) + 90;

  double max_flow = 1e-9;
  for (const auto& [pair, e] : edges) max_flow = std::max({max_flow, e.up, e.down});
  auto stroke = [&](double v) { return 1.0 + 13.0 * v / max_flow; };

  std::string svg = fmt::format(
      "<svg id=\"network-svg\" class=\"network\" viewBox=\"0 0 {:.0f} {:.0f}\" width=\"100%\" role=\"img\" "
      "aria-label=\"facility network by tier with referral flows\" xmlns=\"http://www.w3.org/2000/svg\">\n"
      "<defs><marker id=\"arrow-up\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"9\" "
      "markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0 0 L10 5 L0 10 z\" "
      "class=\"arrow-up\"/></marker><marker id=\"arrow-down\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
      "markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0 0 L10 5 L0 "
      "10 z\" class=\"arrow-down\"/></marker></defs>\n",
      width, height);
  for (std::size_t row = 0; row < tiers_present.size(); ++row) {
    const int t = tiers_present[row];
    const double y = kTop + kRowGap * static_cast<double>(row);
    svg += fmt::format(
        "<line class=\"tier-rule\" x1=\"{}\" x2=\"{:.0f}\" y1=\"{}\" y2=\"{}\"/><text class=\"tier-label\" x=\"12\" "
        "y=\"{}\">{}</text><text class=\"tier-label zh\" x=\"12\" y=\"{}\">{}</text>\n",
        kLeft - 10, width - 10, y, y, y - 2, scenario::tier_name(static_cast<scenario::Tier>(t)), y + 14,
        tier_label_zh(t));
  }
  // Edges: a quadratic curve bent to one side for up, the other for down; ends pulled back to
  // the node's rim so the arrowhead shows.
  struct Label {
    double volume;
    double x;
    double y;
    bool up;
  };
  std::vector<Label> labels;
  for (const auto& [pair, e] : edges) {
    const auto& a = nodes[pair.first];
    const auto& b = nodes[pair.second];
    for (int dir = 0; dir < 2; ++dir) {
      const double v = dir == 0 ? e.up : e.down;
      if (!(v > 0)) continue;
      const double dx = b.x - a.x;
      const double dy = b.y - a.y;
      const double len = std::max(1.0, std::hypot(dx, dy));
      const double side = dir == 0 ? 1.0 : -1.0;
      const double bend = 14 + 0.08 * len;
      const double cx = (a.x + b.x) / 2 - side * dy / len * bend;
      const double cy = (a.y + b.y) / 2 + side * dx / len * bend;
      const double ex = b.x - cx;
      const double ey = b.y - cy;
      const double el = std::max(1.0, std::hypot(ex, ey));
      const double tx = b.x - ex / el * (b.r + 3);
      const double ty = b.y - ey / el * (b.r + 3);
      svg += fmt::format(
          "<path class=\"flow {0}\" d=\"M{1:.1f} {2:.1f} Q{3:.1f} {4:.1f} {5:.1f} {6:.1f}\" stroke-width=\"{7:.1f}\" "
          "marker-end=\"url(#arrow-{0})\"><title>{8} → {9}: {10} patients {0} per replication</title></path>\n",
          dir == 0 ? "up" : "down", a.x, a.y, cx, cy, tx, ty, stroke(v), html_escape(a.label), html_escape(b.label),
          num(v, 1));
      labels.push_back({v, 0.25 * a.x + 0.5 * cx + 0.25 * b.x, 0.25 * a.y + 0.5 * cy + 0.25 * b.y, dir == 0});
    }
  }
  std::sort(labels.begin(), labels.end(), [](const Label& p, const Label& q) { return p.volume > q.volume; });
  if (labels.size() > 14) labels.resize(14);  // the biggest flows only: more would clutter
  for (const auto& l : labels) {
    svg += fmt::format("<text class=\"flow-label {}\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n",
                       l.up ? "up" : "down", l.x, l.y + 4, count(l.volume));
  }
  for (const auto& n : nodes) {
    svg += fmt::format(
        "<g class=\"node {}\"><title>{}</title><circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{:.1f}\"/>"
        "<text class=\"node-label\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>"
        "<text class=\"node-sub\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text></g>\n",
        util_class(n.util_max), html_escape(n.tooltip), n.x, n.y, n.r, n.x, n.y + n.r + 13,
        html_escape(fit_label(n.label, 16)), n.x, n.y + n.r + 25,
        html_escape(n.sublabel));
  }
  svg += "</svg>\n";

  std::string out =
      "<section id=\"network\">\n<h2>Network and referral flows <span class=\"zh\">医共体网络与转诊流向</span></h2>\n"
      "<p class=\"lead\">Facilities by tier; lines are patients moved per replication (mean), their width "
      "proportional to the number. Hover a node or a line for its figures.</p>\n";
  out += "<figure class=\"network-figure\">" + svg +
         "<figcaption class=\"legend\"><span class=\"key up\"></span> referred up 上转 (after a visit; bypass and "
         "green-channel transfers are counted separately) <span class=\"key down\"></span> referred down 下转 (step-down) <span class=\"dot u-low\"></span> "
         "utilisation ≤ 60% <span class=\"dot u-mid\"></span> 60–85% <span class=\"dot u-high\"></span> &gt; 85% "
         "(node size: visits)</figcaption></figure>\n";

  // The busiest pairs as numbers (as drawn: villages grouped when they are), for print and
  // for reading exact values.
  std::vector<std::pair<double, std::pair<std::size_t, std::size_t>>> top;
  for (const auto& [pair, e] : edges) top.push_back({e.up + e.down, pair});
  std::sort(top.begin(), top.end(), [](const auto& p, const auto& q) { return p.first > q.first; });
  if (top.size() > 12) top.resize(12);
  auto name = [&](std::size_t i) {
    const auto& n = nodes[i];
    return html_escape(n.tier == 0 && aggregate ? n.label + " " + n.sublabel : n.label);
  };
  if (!top.empty()) {
    out += "<table class=\"num\"><caption>Busiest pairs (patients per replication)</caption><thead><tr>"
           "<th>from</th><th>to</th><th>up 上转</th><th>down 下转</th></tr></thead><tbody>\n";
    for (const auto& [total, pair] : top) {
      const auto& e = edges.at(pair);
      out += fmt::format("<tr><th>{}</th><td class=\"text\">{}</td><td>{}</td><td>{}</td></tr>\n", name(pair.first),
                         name(pair.second), num(e.up), num(e.down));
    }
    out += "</tbody></table>\n";
  }
  out += "</section>\n";
  return out;
}

}  // namespace tiersim::report::html
