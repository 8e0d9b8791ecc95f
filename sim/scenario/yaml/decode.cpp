// Decoding a scenario tree into tiersim::scenario::Scenario, checking every value.
//
// Choices where docs/SCENARIO.md is silent (also in the project README):
// - Facilities: `id` and `tier` are required; `name` defaults to the id, `servers` to 1,
//   `beds` and `population` to 0. Ids and condition names use letters, digits, `_`, `-`, `.`
//   (they appear in override paths `[id]` and in generated ids `<township>.v01`).
// - `villages:` (on a township or higher) generates facilities `<id>.v01`.. (three digits when
//   count >= 100; count 1-999), tier village, capability from the village tier defaults,
//   `parent` set to the generating facility, each linked to it with `travel` and `km` (default
//   0). They are placed right after the generating facility, in number order. The resolved
//   YAML writes them out as ordinary facilities with `parent:` and explicit links.
// - Links: `km` defaults to 0; a link from a facility to itself is an error.
// - Conditions: all of name, specialty, severity, required_level, per_1000_per_year (0-1e6)
//   and service are required. `time_critical.window` defaults to no window,
//   `onset_to_contact` to 0. `admission` needs both `probability` and `stay`.
// - `arrivals.hourly` must have 24 values and `weekly` 7, each 0-1000, not all 0.
// - `policy.green_channel`: when the block is present `enabled` defaults to true; when enabled,
//   `tele_consult` and `activation` are required. `reneging.tiers` defaults to every tier and
//   `then` to leave. bypass + out_of_county may not exceed 1 for any severity, and
//   out_of_county needs a regional facility.
// - Expert visits: `experts` defaults to 1, `duration` to 8h, `first` to 8h (Monday 08:00);
//   `every` is required and `duration` may not exceed it; `capacity_building` needs `after`
//   (> 0) and `raise_to` (0-3).
// - `policy.remote_consult`: `from` defaults to [village, township], `to` to county (above
//   every `from` tier), `specialties` to every one, `reach` to 1 (0-3); `success` (0-1) and
//   `answer` (a distribution) are required.
// - Outreach (`policy.outreach`): `from` is one facility id (a tier name is refused with a
//   message saying so: a team leaves one place, and home's lost servers must be counted
//   somewhere); `to` one id or a list of them (hosts in turn, none equal to `from`); `level`
//   defaults to home's own level for the specialty, `staff` to 1 (at most home's servers),
//   `first` to 8h; `every`, `duration` (shorter than `every`) and `attendance` are required;
//   attendance `conditions` are condition names with shares >= 0 adding up to 1 (within 1e-6).
// - Limits: at most 200,000 facilities (villages included), populations 0-1e10 per facility, servers 0-100000, beds 0-1000000, replications
//   1-1000000, durations finite and >= 0, files at most 16 MiB, nesting at most 64 deep,
//   at most 2,000,000 nodes after alias expansion.
// - `extends:` (see load.cpp): the extending file's top-level keys replace the base's whole;
//   then its `set:` entries apply in order, then overrides given by the caller (a sweep point).
// - Override paths (see overrides.cpp): `a.b[2].c`, `[name]` picks the list element whose `id`
//   or else `name` equals it; a missing mapping key is created (and then checked like any
//   key, so a misspelt one is reported), a list index must exist.
// - Sweeps (see sweep.cpp): grid points enumerate the axes with the last varying fastest;
//   random points draw each axis's value uniformly from its list, axis by axis in file order
//   and point by point, from one tiersim::random::RandomStream seeded with the sweep's `seed`.
#include "scenario/yaml/decode.hpp"

#include <cmath>
#include <map>

#include <fmt/format.h>

#include "scenario/yaml/durations.hpp"
#include "scenario/yaml/keys.hpp"

namespace tiersim::scenario::yaml {

SourcePos source_pos(const Cursor& c) {
  const Diagnostic d = make_diagnostic(*c.origin, c.node.IsDefined() ? c.node.Mark() : c.key.Mark(), "", "");
  return SourcePos{d.file, d.line, d.column};
}

namespace {

constexpr double kMaxPopulation = 1e10;
constexpr std::size_t kMaxFacilities = 200'000;
const Keys kWaitRefer = {"wait", "refer"};
const Keys kLeaveGoUp = {"leave", "go_up"};

bool valid_id(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                    c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

class Decoder {
 public:
  Decoder(const Reader& r, Scenario& s) : r_(r), s_(s) {}

  void run(const Cursor& root) {
    if (!r_.mapping(root, keys::kTop, keys::kTopRequired)) return;
    if (const Cursor c = r_.child(root, "format"); c.node.IsDefined()) {
      if (!(c.node.IsScalar() && c.node.Scalar() == "1")) {
        r_.error(c, fmt::format("expected 1 (the only format this tiersim reads), got {}", show(c.node)));
      }
    }
    if (const Cursor c = r_.child(root, "name"); c.node.IsDefined()) s_.name = r_.text(c).value_or("");
    if (const Cursor c = r_.child(root, "description"); c.present()) s_.description = r_.text(c).value_or("");
    if (const Cursor c = r_.child(root, "horizon"); c.node.IsDefined()) s_.horizon = r_.duration(c, 0, true).value_or(kYear);
    if (const Cursor c = r_.child(root, "warmup"); c.node.IsDefined()) s_.warmup = r_.duration(c).value_or(0);
    if (const Cursor c = r_.child(root, "replications"); c.node.IsDefined()) {
      s_.replications = static_cast<int>(r_.whole(c, 1, 1'000'000).value_or(10));
    }
    if (const Cursor c = r_.child(root, "seed"); c.node.IsDefined()) s_.seed = r_.seed(c).value_or(1);
    specialties(r_.child(root, "specialties"));
    tiers(r_.child(root, "tiers"));
    facilities(r_.child(root, "facilities"));
    links(r_.child(root, "links"));
    conditions(r_.child(root, "conditions"));
    arrivals(r_.child(root, "arrivals"));
    policy(r_.child(root, "policy"));
    observed(r_.child(root, "observed"));
  }

 private:
  // `observed:` metric: {value, sd, source}. Metric names exist only once a replication has
  // run, so they are not checked here: report.html marks a name the run did not produce.
  void observed(const Cursor& c) {
    if (!c.present()) return;
    if (!c.node.IsMap()) {
      r_.error(c, fmt::format("expected a mapping of metric names to {{value, sd, source}}, got {}", show(c.node)));
      return;
    }
    for (const Cursor& e : r_.entries(c)) {
      if (!r_.mapping(e, keys::kObserved, keys::kObservedRequired)) continue;
      Observed o;
      o.metric = e.key.Scalar();
      o.pos = source_pos(e);
      if (const Cursor v = r_.child(e, "value"); v.node.IsDefined()) o.value = r_.number(v, -1e300, 1e300, "a number").value_or(0);
      if (const Cursor v = r_.child(e, "sd"); v.node.IsDefined()) {
        o.sd = r_.number(v, 0, 1e300, "a standard deviation > 0").value_or(0);
        if (o.sd == 0 && v.node.IsScalar() && parse_number(v.node.Scalar())) r_.error(v, fmt::format("expected a standard deviation > 0, got {}", v.node.Scalar()));
      }
      if (const Cursor v = r_.child(e, "source"); v.node.IsDefined()) o.source = r_.text(v).value_or("");
      s_.observed.push_back(std::move(o));
    }
  }

  void specialties(const Cursor& c) {
    if (!c.node.IsDefined()) return;
    if (!c.node.IsSequence() || c.node.size() == 0) {
      r_.error(c, fmt::format("expected a non-empty list of specialty names, got {}", show(c.node)));
      return;
    }
    for (std::size_t i = 0; i < c.node.size(); ++i) {
      const Cursor e = r_.element(c, i, fmt::format("[{}]", i));
      const auto name = r_.text(e);
      if (!name) continue;
      if (!valid_id(*name)) {
        r_.error(e, fmt::format("expected a name of letters, digits, '_', '-' or '.', got {}", show(e.node)));
      } else if (std::find(s_.specialties.begin(), s_.specialties.end(), *name) != s_.specialties.end()) {
        r_.error(e, fmt::format("expected each specialty once, got \"{}\" again", *name));
      } else {
        s_.specialties.push_back(*name);
      }
    }
  }

  // A mapping specialty -> level into `levels` (sized to the specialties).
  void levels(const Cursor& c, std::vector<int>& out) {
    out.resize(s_.specialties.size(), 0);
    if (!r_.mapping(c, s_.specialties)) return;
    for (const Cursor& e : r_.entries(c)) {
      const auto sp = s_.find_specialty(e.key.Scalar());
      if (!sp) continue;  // reported as an unknown key
      if (const auto l = r_.level(e)) out[*sp] = *l;
    }
  }

  void tiers(const Cursor& c) {
    for (auto& d : s_.tier_defaults) d.assign(s_.specialties.size(), 0);
    if (!c.node.IsDefined()) return;
    if (!r_.mapping(c, tier_names())) return;
    for (const Cursor& e : r_.entries(c)) {
      const auto t = parse_tier(e.key.Scalar());
      if (!t) continue;
      if (e.node.IsNull()) continue;  // `regional:` with nothing: every level 0
      levels(e, s_.tier_defaults[static_cast<int>(*t)]);
    }
  }

  std::string facility_path(const Cursor& list, std::size_t i, const YAML::Node& n) {
    const YAML::Node id = get(n, "id");
    if (id.IsDefined() && id.IsScalar() && valid_id(id.Scalar())) return list.path + "[" + id.Scalar() + "]";
    return list.path + fmt::format("[{}]", i);
  }

  void add_facility(Facility f, const Cursor& id_cursor) {
    // A province is some 30,000 facilities; a million (1,000 townships x 999 villages) took
    // minutes and gigabytes before the run even started. Refused once, where it is exceeded.
    if (s_.facilities.size() >= kMaxFacilities) {
      if (!too_many_facilities_) {
        r_.error(id_cursor, fmt::format("expected at most {} facilities in all (villages included), got more",
                                        kMaxFacilities));
      }
      too_many_facilities_ = true;
      return;
    }
    if (const auto it = seen_ids_.find(f.id); it != seen_ids_.end()) {
      r_.error(id_cursor, fmt::format("expected a unique facility id, got \"{}\" again (first at line {})", f.id,
                                      it->second));
      return;
    }
    seen_ids_[f.id] = f.pos.line;
    s_.facility_index.emplace(f.id, static_cast<FacilityIndex>(s_.facilities.size()));
    s_.facilities.push_back(std::move(f));
  }

  void facilities(const Cursor& c) {
    if (!c.node.IsDefined()) return;
    if (!c.node.IsSequence() || c.node.size() == 0) {
      r_.error(c, fmt::format("expected a non-empty list of facilities, got {}", show(c.node)));
      return;
    }
    for (std::size_t i = 0; i < c.node.size(); ++i) {
      const Cursor fc = r_.element(c, i, "");
      Cursor e = fc;
      e.path = facility_path(c, i, fc.node);
      if (!r_.mapping(e, keys::kFacility, keys::kFacilityRequired)) continue;
      Facility f;
      f.pos = source_pos(e);
      const Cursor id_c = r_.child(e, "id");
      if (id_c.node.IsDefined()) {
        f.id = r_.text(id_c).value_or("");
        if (!f.id.empty() && !valid_id(f.id)) {
          r_.error(id_c, fmt::format("expected an id of letters, digits, '_', '-' or '.', got {}", show(id_c.node)));
        }
      }
      f.name = f.id;
      if (const Cursor n = r_.child(e, "name"); n.node.IsDefined()) f.name = r_.text(n).value_or(f.id);
      if (const Cursor t = r_.child(e, "tier"); t.node.IsDefined()) {
        if (const auto ti = r_.choice(t, tier_names(), "tier")) f.tier = static_cast<Tier>(*ti);
      }
      if (const Cursor x = r_.child(e, "servers"); x.node.IsDefined()) f.servers = static_cast<int>(r_.whole(x, 0, 100'000).value_or(1));
      if (const Cursor x = r_.child(e, "beds"); x.node.IsDefined()) f.beds = static_cast<int>(r_.whole(x, 0, 1'000'000).value_or(0));
      if (const Cursor x = r_.child(e, "population"); x.node.IsDefined()) {
        f.population = r_.number(x, 0, kMaxPopulation, "a number of people 0-1e10").value_or(0);
      }
      f.capability = s_.tier_defaults[static_cast<int>(f.tier)];
      if (const Cursor x = r_.child(e, "capability"); x.node.IsDefined()) {
        std::vector<int> over(s_.specialties.size(), -1);
        levels_override(x, over);
        for (std::size_t k = 0; k < over.size(); ++k) {
          if (over[k] >= 0) f.capability[k] = over[k];
        }
      }
      if (const Cursor x = r_.child(e, "hours"); x.node.IsDefined()) f.hours = r_.hours(x).value_or(OpeningHours{});
      if (const Cursor x = r_.child(e, "refer_to"); x.node.IsDefined()) {
        f.refer_to = r_.text(x).value_or("");
        references_.push_back({x, f.refer_to, f.id, "refer_to"});
      }
      if (const Cursor x = r_.child(e, "parent"); x.node.IsDefined()) {
        f.parent = r_.text(x).value_or("");
        references_.push_back({x, f.parent, f.id, "parent"});
      }
      const Cursor villages_c = r_.child(e, "villages");
      const Facility parent = f;
      if (!f.id.empty()) add_facility(std::move(f), id_c);
      if (villages_c.node.IsDefined()) villages(villages_c, parent);
    }
  }

  // Like levels(), marking only the specialties written (-1 elsewhere).
  void levels_override(const Cursor& c, std::vector<int>& out) {
    if (!r_.mapping(c, s_.specialties)) return;
    for (const Cursor& e : r_.entries(c)) {
      const auto sp = s_.find_specialty(e.key.Scalar());
      if (!sp) continue;
      if (const auto l = r_.level(e)) out[*sp] = *l;
    }
  }

  void villages(const Cursor& c, const Facility& parent) {
    if (!r_.mapping(c, keys::kVillages, keys::kVillagesRequired)) return;
    if (parent.tier == Tier::kVillage) {
      r_.error(c, fmt::format("expected villages only under a township or higher, got them under village \"{}\"",
                              parent.id));
      return;
    }
    const Cursor count_c = r_.child(c, "count");
    const auto count = count_c.node.IsDefined() ? r_.whole(count_c, 1, 999) : std::nullopt;
    double population = 0;
    int servers = 1, beds = 0;
    double km = 0;
    OpeningHours hours;
    if (const Cursor x = r_.child(c, "population"); x.node.IsDefined()) {
      population = r_.number(x, 0, kMaxPopulation, "a number of people 0-1e10").value_or(0);
    }
    if (const Cursor x = r_.child(c, "servers"); x.node.IsDefined()) servers = static_cast<int>(r_.whole(x, 0, 100'000).value_or(1));
    if (const Cursor x = r_.child(c, "beds"); x.node.IsDefined()) beds = static_cast<int>(r_.whole(x, 0, 1'000'000).value_or(0));
    if (const Cursor x = r_.child(c, "km"); x.node.IsDefined()) km = r_.number(x, 0, 1e5, "a distance in km 0-100000").value_or(0);
    if (const Cursor x = r_.child(c, "hours"); x.node.IsDefined()) hours = r_.hours(x).value_or(OpeningHours{});
    std::optional<Distribution> travel;
    if (const Cursor x = r_.child(c, "travel"); x.node.IsDefined()) travel = r_.distribution(x);
    if (!count || !travel || parent.id.empty()) return;
    // value_or rather than *count: g++ 12 at -O2 wrongly sees *count as maybe uninitialised.
    const long long n = count.value_or(0);
    if (s_.facilities.size() + static_cast<std::size_t>(n) > kMaxFacilities) {
      // Refused whole, before generating: a partial set would leave links to unknown ids.
      if (!too_many_facilities_) {
        r_.error(count_c, fmt::format("expected at most {} facilities in all (villages included), got more",
                                      kMaxFacilities));
      }
      too_many_facilities_ = true;
      return;
    }
    const int width = n >= 100 ? 3 : 2;
    const SourcePos pos = source_pos(c);
    for (long long k = 1; k <= n; ++k) {
      Facility v;
      v.id = fmt::format("{}.v{:0{}}", parent.id, k, width);
      v.name = fmt::format("{} village clinic {:0{}}", parent.name, k, width);
      v.tier = Tier::kVillage;
      v.servers = servers;
      v.beds = beds;
      v.population = population;
      v.capability = s_.tier_defaults[static_cast<int>(Tier::kVillage)];
      v.hours = hours;
      v.parent = parent.id;
      v.pos = pos;
      generated_links_.push_back({v.id, parent.id, *travel, km, pos});
      add_facility(std::move(v), count_c);
    }
  }

  // A facility id in `c`, with "did you mean" among all ids; nullopt when unknown.
  std::optional<FacilityIndex> facility_ref(const Cursor& c) {
    const auto id = r_.text(c);
    if (!id) return std::nullopt;
    if (const auto f = s_.find_facility(*id)) return f;
    Keys ids;
    for (const auto& f : s_.facilities) ids.push_back(f.id);
    r_.error(c, fmt::format("expected a facility id, got {}{}", show(c.node), hint(*id, ids)));
    return std::nullopt;
  }

  void links(const Cursor& c) {
    // References from facilities (refer_to, parent), checked now that every id is known.
    for (const auto& ref : references_) {
      if (ref.target.empty()) continue;
      const auto f = facility_ref(ref.cursor);
      if (f && s_.facilities[*f].id == ref.from) {
        r_.error(ref.cursor, fmt::format("expected another facility's id, got \"{}\" itself", ref.from));
      }
    }
    for (const auto& g : generated_links_) {
      Link l;
      l.from = *s_.find_facility(g.from);
      l.to = *s_.find_facility(g.to);
      l.travel = g.travel;
      l.km = g.km;
      l.pos = g.pos;
      s_.links.push_back(std::move(l));
    }
    if (!c.node.IsDefined() || c.node.IsNull() || !r_.list(c)) return;
    for (std::size_t i = 0; i < c.node.size(); ++i) {
      const Cursor e = r_.element(c, i, fmt::format("[{}]", i));
      if (!r_.mapping(e, keys::kLink, keys::kLinkRequired)) continue;
      Link l;
      l.pos = source_pos(e);
      std::optional<FacilityIndex> from, to;
      std::optional<Distribution> travel;
      if (const Cursor x = r_.child(e, "from"); x.node.IsDefined()) from = facility_ref(x);
      if (const Cursor x = r_.child(e, "to"); x.node.IsDefined()) to = facility_ref(x);
      if (const Cursor x = r_.child(e, "travel"); x.node.IsDefined()) travel = r_.distribution(x);
      if (const Cursor x = r_.child(e, "km"); x.node.IsDefined()) l.km = r_.number(x, 0, 1e5, "a distance in km 0-100000").value_or(0);
      if (from && to && *from == *to) {
        r_.error(r_.child(e, "to"), fmt::format("expected a facility other than 'from', got \"{}\" at both ends",
                                                s_.facilities[*from].id));
        continue;
      }
      if (!from || !to || !travel) continue;
      l.from = *from;
      l.to = *to;
      l.travel = *travel;
      s_.links.push_back(std::move(l));
    }
  }

  std::optional<Distribution> dist_of(const Cursor& parent, const char* key) {
    const Cursor x = r_.child(parent, key);
    if (!x.node.IsDefined()) return std::nullopt;
    return r_.distribution(x);
  }

  void conditions(const Cursor& c) {
    if (!c.node.IsDefined()) return;
    if (!c.node.IsSequence() || c.node.size() == 0) {
      r_.error(c, fmt::format("expected a non-empty list of conditions, got {}", show(c.node)));
      return;
    }
    std::map<std::string, int> seen;
    for (std::size_t i = 0; i < c.node.size(); ++i) {
      Cursor e = r_.element(c, i, "");
      const YAML::Node& n = e.node;
      const YAML::Node nm = get(n, "name");
      e.path = nm.IsDefined() && nm.IsScalar() && valid_id(nm.Scalar())
                   ? c.path + "[" + nm.Scalar() + "]"
                   : c.path + fmt::format("[{}]", i);
      if (!r_.mapping(e, keys::kCondition, keys::kConditionRequired)) continue;
      Condition k;
      k.pos = source_pos(e);
      const Cursor name_c = r_.child(e, "name");
      if (name_c.node.IsDefined()) {
        k.name = r_.text(name_c).value_or("");
        if (!k.name.empty() && !valid_id(k.name)) {
          r_.error(name_c, fmt::format("expected a name of letters, digits, '_', '-' or '.', got {}", show(name_c.node)));
        } else if (const auto it = seen.find(k.name); it != seen.end()) {
          r_.error(name_c, fmt::format("expected a unique condition name, got \"{}\" again (first at line {})",
                                       k.name, it->second));
        } else if (!k.name.empty()) {
          seen[k.name] = k.pos.line;
        }
      }
      if (const Cursor x = r_.child(e, "specialty"); x.node.IsDefined()) {
        if (const auto sp = r_.choice(x, s_.specialties, "specialty")) k.specialty = static_cast<SpecialtyIndex>(*sp);
      }
      if (const Cursor x = r_.child(e, "severity"); x.node.IsDefined()) {
        if (const auto sv = r_.choice(x, severity_names(), "severity")) k.severity = static_cast<Severity>(*sv);
      }
      if (const Cursor x = r_.child(e, "required_level"); x.node.IsDefined()) k.required_level = r_.level(x).value_or(1);
      if (const Cursor x = r_.child(e, "per_1000_per_year"); x.node.IsDefined()) {
        k.per_1000_per_year = r_.number(x, 0, 1e6, "an incidence per 1000 people per year 0-1000000").value_or(0);
      }
      if (auto d = dist_of(e, "service")) k.service = *d;
      if (const Cursor x = r_.child(e, "service_by_tier"); x.node.IsDefined() && r_.mapping(x, tier_names())) {
        for (const Cursor& t : r_.entries(x)) {
          const auto ti = parse_tier(t.key.Scalar());
          if (!ti) continue;
          k.service_by_tier[static_cast<int>(*ti)] = r_.distribution(t);
        }
      }
      if (const Cursor x = r_.child(e, "admission"); x.node.IsDefined() && r_.mapping(x, keys::kAdmission, keys::kAdmission)) {
        Admission a;
        if (const Cursor p = r_.child(x, "probability"); p.node.IsDefined()) a.probability = r_.probability(p).value_or(0);
        if (auto d = dist_of(x, "stay")) a.stay = *d;
        k.admission = a;
      }
      if (const Cursor x = r_.child(e, "step_down"); x.node.IsDefined()) k.step_down = r_.duration(x).value_or(0);
      if (const Cursor x = r_.child(e, "time_critical"); x.node.IsDefined() && r_.mapping(x, keys::kTimeCritical)) {
        TimeCritical tc;
        if (const Cursor w = r_.child(x, "window"); w.node.IsDefined()) tc.window = r_.duration(w, 0, true).value_or(kNever);
        if (auto d = dist_of(x, "onset_to_contact")) tc.onset_to_contact = *d;
        if (const Cursor t = r_.child(x, "targets"); t.node.IsDefined() && r_.mapping(t, keys::kTargets)) {
          auto target = [&](const char* key, std::optional<double>& out) {
            if (const Cursor v = r_.child(t, key); v.node.IsDefined()) out = r_.duration(v, 0, true);
          };
          target("fmc_to_ecg", tc.targets.fmc_to_ecg);
          target("door_to_treatment", tc.targets.door_to_treatment);
          target("door_in_door_out", tc.targets.door_in_door_out);
          target("fmc_to_treatment", tc.targets.fmc_to_treatment);
        }
        k.time_critical = tc;
      }
      s_.conditions.push_back(std::move(k));
    }
  }

  template <std::size_t N>
  void multipliers(const Cursor& c, std::array<double, N>& out, const char* what) {
    if (!c.node.IsSequence() || c.node.size() != N) {
      r_.error(c, fmt::format("expected a list of {} multipliers ({}), got {}", N, what,
                              c.node.IsSequence() ? fmt::format("{} values", c.node.size()) : show(c.node)));
      return;
    }
    double total = 0;
    for (std::size_t i = 0; i < N; ++i) {
      out[i] = r_.number(r_.element(c, i, fmt::format("[{}]", i)), 0, 1000, "a multiplier 0-1000").value_or(1);
      total += out[i];
    }
    if (total <= 0) r_.error(c, "expected at least one multiplier > 0, got all 0");
  }

  void arrivals(const Cursor& c) {
    if (!c.present() || !r_.mapping(c, keys::kArrivals)) return;
    if (const Cursor x = r_.child(c, "hourly"); x.node.IsDefined()) multipliers(x, s_.arrivals.hourly, "one per hour from 00:00");
    if (const Cursor x = r_.child(c, "weekly"); x.node.IsDefined()) multipliers(x, s_.arrivals.weekly, "one per day from Monday");
  }

  template <std::size_t N>
  void shares(const Cursor& c, const Keys& names, std::array<double, N>& out) {
    if (!r_.mapping(c, names)) return;
    for (const Cursor& e : r_.entries(c)) {
      const auto it = std::find(names.begin(), names.end(), e.key.Scalar());
      if (it == names.end()) continue;
      out[static_cast<std::size_t>(it - names.begin())] = r_.probability(e).value_or(0);
    }
  }

  void policy(const Cursor& c) {
    Policy& p = s_.policy;
    if (!c.present() || !r_.mapping(c, keys::kPolicy)) return;
    const Cursor bypass = r_.child(c, "bypass"), ooc = r_.child(c, "out_of_county");
    if (bypass.node.IsDefined()) shares(bypass, severity_names(), p.bypass);
    if (ooc.node.IsDefined()) {
      shares(ooc, severity_names(), p.out_of_county);
      const bool any = std::any_of(p.out_of_county.begin(), p.out_of_county.end(), [](double x) { return x > 0; });
      const bool regional = std::any_of(s_.facilities.begin(), s_.facilities.end(),
                                        [](const Facility& f) { return f.tier == Tier::kRegional; });
      if (any && !regional && !s_.facilities.empty()) {
        r_.error(ooc, "expected a facility of tier regional to send patients out of the county to, got none");
      }
    }
    for (int sv = 0; sv < kSeverityCount; ++sv) {
      if (p.bypass[sv] + p.out_of_county[sv] > 1 + 1e-12) {
        r_.error(bypass, fmt::format("expected bypass + out_of_county <= 1 for {}, got {} + {}", severity_names()[sv],
                                     p.bypass[sv], p.out_of_county[sv]));
      }
    }
    if (const Cursor x = r_.child(c, "misjudge"); x.node.IsDefined()) shares(x, tier_names(), p.misjudge);
    if (const Cursor x = r_.child(c, "step_down"); x.node.IsDefined()) p.step_down = r_.boolean(x).value_or(false);
    if (const Cursor x = r_.child(c, "when_full"); x.node.IsDefined()) {
      p.when_full = static_cast<WhenFull>(r_.choice(x, kWaitRefer, "choice (wait or refer)").value_or(0));
    }
    if (const Cursor x = r_.child(c, "when_closed"); x.node.IsDefined()) {
      p.when_closed = static_cast<WhenClosed>(r_.choice(x, kWaitRefer, "choice (wait or refer)").value_or(0));
    }
    if (const Cursor x = r_.child(c, "reneging"); x.node.IsDefined() && r_.mapping(x, keys::kReneging, {"patience"})) {
      Reneging rn;
      rn.tiers.fill(true);
      if (auto d = dist_of(x, "patience")) rn.patience = *d;
      if (const Cursor t = r_.child(x, "tiers"); t.node.IsDefined()) {
        rn.tiers.fill(false);
        if (!t.node.IsSequence()) {
          r_.error(t, fmt::format("expected a list of tiers, got {}", show(t.node)));
        } else {
          for (std::size_t i = 0; i < t.node.size(); ++i) {
            if (const auto ti = r_.choice(r_.element(t, i, fmt::format("[{}]", i)), tier_names(), "tier")) {
              rn.tiers[static_cast<std::size_t>(*ti)] = true;
            }
          }
        }
      }
      if (const Cursor t = r_.child(x, "then"); t.node.IsDefined()) {
        rn.go_up = r_.choice(t, kLeaveGoUp, "choice (leave or go_up)").value_or(0) == 1;
      }
      p.reneging = rn;
    }
    if (const Cursor x = r_.child(c, "green_channel"); x.node.IsDefined() && r_.mapping(x, keys::kGreenChannel)) {
      GreenChannel& g = p.green_channel;
      g.enabled = true;
      if (const Cursor en = r_.child(x, "enabled"); en.node.IsDefined()) g.enabled = r_.boolean(en).value_or(false);
      for (const char* key : {"tele_consult", "activation"}) {
        const Cursor d = r_.child(x, key);
        if (!d.node.IsDefined()) {
          if (g.enabled) r_.error(x, fmt::format("expected the required key '{}' (the green channel is enabled), got no such key", key));
          continue;
        }
        if (auto dist = r_.distribution(d)) (std::string_view(key) == "tele_consult" ? g.tele_consult : g.activation) = *dist;
      }
    }
    if (const Cursor x = r_.child(c, "expert_visits"); x.node.IsDefined() && !x.node.IsNull() && r_.list(x)) {
      for (std::size_t i = 0; i < x.node.size(); ++i) expert_visit(r_.element(x, i, fmt::format("[{}]", i)));
    }
    if (const Cursor x = r_.child(c, "remote_consult"); x.node.IsDefined()) remote_consult(x);
    if (const Cursor x = r_.child(c, "outreach"); x.node.IsDefined() && !x.node.IsNull() && r_.list(x)) {
      for (std::size_t i = 0; i < x.node.size(); ++i) outreach(r_.element(x, i, fmt::format("[{}]", i)));
    }
  }

  // `policy.remote_consult`: defaults from [village, township], to county, every specialty,
  // reach 1; `success` and `answer` are required. `to` must be above every `from` tier.
  void remote_consult(const Cursor& x) {
    if (!r_.mapping(x, keys::kRemoteConsult, keys::kRemoteConsultRequired)) return;
    RemoteConsult rc;
    rc.from[static_cast<std::size_t>(Tier::kVillage)] = true;
    rc.from[static_cast<std::size_t>(Tier::kTownship)] = true;
    rc.specialties.assign(s_.specialties.size(), true);
    const Cursor from = r_.child(x, "from"), to = r_.child(x, "to");
    if (from.node.IsDefined()) {
      rc.from.fill(false);
      if (!from.node.IsSequence() || from.node.size() == 0) {
        r_.error(from, fmt::format("expected a non-empty list of tiers, got {}", show(from.node)));
      } else {
        for (std::size_t i = 0; i < from.node.size(); ++i) {
          if (const auto t = r_.choice(r_.element(from, i, fmt::format("[{}]", i)), tier_names(), "tier")) {
            rc.from[static_cast<std::size_t>(*t)] = true;
          }
        }
      }
    }
    if (to.node.IsDefined()) {
      if (const auto t = r_.choice(to, tier_names(), "tier")) {
        rc.to = static_cast<Tier>(*t);
        for (int f = *t; f < kTierCount; ++f) {
          if (rc.from[static_cast<std::size_t>(f)]) {
            r_.error(to, fmt::format("expected a tier above every 'from' tier (it answers their consults), got {} "
                                     "(and {} may consult)", tier_names()[*t], tier_names()[f]));
            break;
          }
        }
      }
    } else if (rc.from[static_cast<std::size_t>(Tier::kCounty)] || rc.from[static_cast<std::size_t>(Tier::kRegional)]) {
      r_.error(from, "expected tiers below 'to' (county by default), got county or regional: say which tier answers with 'to'");
    }
    if (const Cursor sp = r_.child(x, "specialties"); sp.node.IsDefined()) {
      rc.specialties.assign(s_.specialties.size(), false);
      if (!sp.node.IsSequence() || sp.node.size() == 0) {
        r_.error(sp, fmt::format("expected a non-empty list of specialties, got {}", show(sp.node)));
      } else {
        for (std::size_t i = 0; i < sp.node.size(); ++i) {
          if (const auto k = r_.choice(r_.element(sp, i, fmt::format("[{}]", i)), s_.specialties, "specialty")) {
            rc.specialties[static_cast<std::size_t>(*k)] = true;
          }
        }
      }
    }
    if (const Cursor r = r_.child(x, "reach"); r.node.IsDefined()) rc.reach = static_cast<int>(r_.whole(r, 0, 3).value_or(1));
    if (const Cursor r = r_.child(x, "success"); r.node.IsDefined()) rc.success = r_.probability(r).value_or(0);
    if (auto d = dist_of(x, "answer")) rc.answer = *d;
    s_.policy.remote_consult = std::move(rc);
  }

  void expert_visit(const Cursor& e) {
    if (!r_.mapping(e, keys::kExpertVisit, keys::kExpertVisitRequired)) return;
    ExpertVisit v;
    v.pos = source_pos(e);
    std::optional<FacilityIndex> from, to;
    std::optional<int> sp;
    if (const Cursor x = r_.child(e, "from"); x.node.IsDefined()) from = facility_ref(x);
    if (const Cursor x = r_.child(e, "to"); x.node.IsDefined()) to = facility_ref(x);
    if (const Cursor x = r_.child(e, "specialty"); x.node.IsDefined()) sp = r_.choice(x, s_.specialties, "specialty");
    if (const Cursor x = r_.child(e, "experts"); x.node.IsDefined()) v.experts = static_cast<int>(r_.whole(x, 1, 1000).value_or(1));
    if (const Cursor x = r_.child(e, "every"); x.node.IsDefined()) v.every = r_.duration(x, 0, true).value_or(kWeek);
    const Cursor dur = r_.child(e, "duration");
    if (dur.node.IsDefined()) {
      if (const auto d = r_.duration(dur, 0, true)) {
        if (*d > v.every) {
          r_.error(dur, fmt::format("expected a duration <= every ({}), got {}", format_duration(v.every), dur.node.Scalar()));
        }
        v.duration = *d;
      }
    } else if (v.duration > v.every) {
      v.duration = v.every;  // the 8h default never outlasts a shorter cycle
    }
    if (const Cursor x = r_.child(e, "first"); x.node.IsDefined()) v.first = r_.duration(x).value_or(8 * kHour);
    if (const Cursor x = r_.child(e, "capacity_building"); x.node.IsDefined() && r_.mapping(x, keys::kCapacityBuilding, keys::kCapacityBuilding)) {
      CapacityBuilding cb;
      if (const Cursor a = r_.child(x, "after"); a.node.IsDefined()) cb.after = r_.duration(a, 0, true).value_or(0);
      if (const Cursor a = r_.child(x, "raise_to"); a.node.IsDefined()) cb.raise_to = r_.level(a).value_or(0);
      v.capacity_building = cb;
    }
    if (from && to && *from == *to) {
      r_.error(r_.child(e, "to"), fmt::format("expected a facility other than 'from', got \"{}\" at both ends",
                                              s_.facilities[*from].id));
      return;
    }
    if (!from || !to || !sp) return;
    v.from = *from;
    v.to = *to;
    v.specialty = static_cast<SpecialtyIndex>(*sp);
    s_.policy.expert_visits.push_back(std::move(v));
  }

  void outreach(const Cursor& e) {
    if (!r_.mapping(e, keys::kOutreach, keys::kOutreachRequired)) return;
    Outreach o;
    o.pos = source_pos(e);
    bool ok = true;
    std::optional<FacilityIndex> from;
    if (const Cursor x = r_.child(e, "from"); x.node.IsDefined()) {
      if (x.node.IsScalar() && !s_.find_facility(x.node.Scalar()) && parse_tier(x.node.Scalar())) {
        r_.error(x, fmt::format("expected a facility id (a team leaves one facility, which loses its servers), got the "
                                "tier \"{}\": name the facility",
                                x.node.Scalar()));
      } else {
        from = facility_ref(x);
      }
    }
    if (const Cursor x = r_.child(e, "to"); x.node.IsDefined()) {
      if (x.node.IsSequence() && x.node.size() > 0) {
        for (std::size_t i = 0; i < x.node.size(); ++i) {
          const Cursor h = r_.element(x, i, fmt::format("[{}]", i));
          const auto host = facility_ref(h);
          if (host && from && *host == *from) {
            r_.error(h, fmt::format("expected a host other than 'from', got \"{}\"", s_.facilities[*host].id));
          }
          if (host) o.to.push_back(*host);
          ok = ok && host;
        }
      } else if (x.node.IsScalar()) {
        const auto host = facility_ref(x);
        if (host && from && *host == *from) {
          r_.error(x, fmt::format("expected a host other than 'from', got \"{}\"", s_.facilities[*host].id));
        }
        if (host) o.to.push_back(*host);
        ok = ok && host;
      } else {
        r_.error(x, fmt::format("expected a facility id or a non-empty list of them, got {}", show(x.node)));
        ok = false;
      }
    }
    std::optional<int> sp;
    if (const Cursor x = r_.child(e, "specialty"); x.node.IsDefined()) sp = r_.choice(x, s_.specialties, "specialty");
    if (from && sp && static_cast<std::size_t>(*sp) < s_.facilities[*from].capability.size()) {
      o.level = s_.facilities[*from].capability[static_cast<std::size_t>(*sp)];
    }
    if (const Cursor x = r_.child(e, "level"); x.node.IsDefined()) o.level = r_.level(x).value_or(0);
    if (const Cursor x = r_.child(e, "staff"); x.node.IsDefined()) {
      o.staff = static_cast<int>(r_.whole(x, 1, 100000).value_or(1));
      if (from && o.staff > s_.facilities[*from].servers) {
        r_.error(x, fmt::format("expected at most the {} servers of \"{}\", got {}", s_.facilities[*from].servers,
                                s_.facilities[*from].id, o.staff));
      }
    }
    if (const Cursor x = r_.child(e, "every"); x.node.IsDefined()) o.every = r_.duration(x, 0, true).value_or(o.every);
    if (const Cursor x = r_.child(e, "first"); x.node.IsDefined()) o.first = r_.duration(x).value_or(o.first);
    if (const Cursor dur = r_.child(e, "duration"); dur.node.IsDefined()) {
      if (const auto d = r_.duration(dur, 0, true)) {
        if (*d >= o.every) {
          r_.error(dur, fmt::format("expected a duration shorter than every ({}), got {}", format_duration(o.every),
                                    dur.node.Scalar()));
        }
        o.duration = *d;
      }
    }
    if (const Cursor a = r_.child(e, "attendance"); a.node.IsDefined() && r_.mapping(a, keys::kAttendance, keys::kAttendance)) {
      if (const Cursor x = r_.child(a, "per_event"); x.node.IsDefined()) o.per_event = static_cast<int>(r_.whole(x, 0, 1000000).value_or(0));
      const Cursor cs = r_.child(a, "conditions");
      Keys names;
      for (const auto& k : s_.conditions) names.push_back(k.name);
      if (cs.node.IsDefined() && r_.mapping(cs, names)) {
        double sum = 0;
        bool shares_ok = true;
        for (const Cursor& x : r_.entries(cs)) {
          const auto it = std::find(names.begin(), names.end(), x.key.Scalar());
          const auto share = r_.number(x, 0, 1, "a share 0-1 of the attendees");
          if (it == names.end() || !share) {
            shares_ok = false;
            continue;
          }
          sum += *share;
          o.conditions.push_back({static_cast<std::uint32_t>(it - names.begin()), *share});
        }
        if (shares_ok && std::abs(sum - 1.0) > 1e-6) {
          r_.error(cs, fmt::format("expected shares adding up to 1, got {} in all", sum));
        }
      }
    }
    if (!from || !sp || !ok || o.to.empty()) return;
    o.from = *from;
    o.specialty = static_cast<SpecialtyIndex>(*sp);
    s_.policy.outreach.push_back(std::move(o));
  }

  struct Reference {
    Cursor cursor;
    std::string target;
    std::string from;
    const char* key;
  };
  struct GeneratedLink {
    std::string from, to;
    Distribution travel;
    double km;
    SourcePos pos;
  };

  const Reader& r_;
  Scenario& s_;
  std::map<std::string, int> seen_ids_;
  bool too_many_facilities_ = false;
  std::vector<Reference> references_;
  std::vector<GeneratedLink> generated_links_;
};

}  // namespace

Scenario decode_scenario(const Reader& r, const Cursor& root) {
  Scenario s;
  Decoder d(r, s);
  d.run(root);
  return s;
}

}  // namespace tiersim::scenario::yaml
