// Test helper: a sweep store's rows as canonical text, ignoring the timing columns (started,
// finished, wall_seconds), so two stores can be compared row for row. Values print with 17
// significant digits (exact for doubles); NULL as "NULL".
#pragma once

#include <sqlite3.h>

#include <cstdio>
#include <stdexcept>
#include <string>

namespace tiersim::test {

inline std::string dump_query(sqlite3* db, const char* sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK) throw std::runtime_error(sqlite3_errmsg(db));
  std::string out;
  while (sqlite3_step(s) == SQLITE_ROW) {
    for (int c = 0; c < sqlite3_column_count(s); ++c) {
      if (c) out += '|';
      switch (sqlite3_column_type(s, c)) {
        case SQLITE_NULL: out += "NULL"; break;
        case SQLITE_INTEGER: out += std::to_string(sqlite3_column_int64(s, c)); break;
        case SQLITE_FLOAT: {
          char buf[40];
          std::snprintf(buf, sizeof buf, "%.17g", sqlite3_column_double(s, c));
          out += buf;
          break;
        }
        default: out += reinterpret_cast<const char*>(sqlite3_column_text(s, c));
      }
    }
    out += '\n';
  }
  sqlite3_finalize(s);
  return out;
}

/// points, runs (without timings) and results, each ordered by key.
inline std::string dump_store(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + path);
  }
  std::string out = "points\n" + dump_query(db, "SELECT point, parameters FROM points ORDER BY point");
  out += "runs\n" + dump_query(db, "SELECT point, replication, status, seed, stream_seed, error FROM runs ORDER BY point, replication");
  out += "results\n" + dump_query(db, "SELECT point, replication, metric, value FROM results ORDER BY point, replication, metric");
  sqlite3_close(db);
  return out;
}

/// The number of rows of a query's first column (e.g. "SELECT count(*) FROM runs").
inline long long count_rows(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return -1;
  }
  sqlite3_stmt* s = nullptr;
  long long n = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) n = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  sqlite3_close(db);
  return n;
}

}  // namespace tiersim::test
