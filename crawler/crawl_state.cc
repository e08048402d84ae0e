#include "crawl_state.h"

#include <sqlite3.h>

#include <unordered_map>

namespace dossier {

struct CrawlState::Rep {
  sqlite3* db = nullptr;
  std::string path;
  // Prepared once, reset after each use: preparing costs more than running these.
  std::unordered_map<std::string, sqlite3_stmt*> statements;
  ~Rep() {
    for (auto& [sql, st] : statements) sqlite3_finalize(st);
    if (db) sqlite3_close_v2(db);
  }
  Status Exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      return Status::IoError(path + ": " + msg);
    }
    return Status::Ok();
  }
  Status Error(const char* what) { return Status::IoError(path + ": " + what + ": " + sqlite3_errmsg(db)); }
};

namespace {

// A statement from the connection's cache (prepared on first use), reset on scope exit.
class Stmt {
 public:
  Stmt(sqlite3* db, std::unordered_map<std::string, sqlite3_stmt*>& cache, const std::string& sql) {
    auto it = cache.find(sql);
    if (it != cache.end()) {
      s_ = it->second;
    } else if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s_, nullptr) == SQLITE_OK) {
      cache.emplace(sql, s_);
    } else {
      s_ = nullptr;
    }
  }
  ~Stmt() {
    if (s_) {
      sqlite3_reset(s_);
      sqlite3_clear_bindings(s_);
    }
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  bool ok() const { return s_ != nullptr; }
  Stmt& Bind(int i, const std::string& v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int i, int64_t v) {
    sqlite3_bind_int64(s_, i, v);
    return *this;
  }
  int Step() { return sqlite3_step(s_); }
  std::string Text(int i) {
    auto* p = sqlite3_column_text(s_, i);
    return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(s_, i)) : std::string();
  }
  int64_t Int(int i) { return sqlite3_column_int64(s_, i); }

 private:
  sqlite3_stmt* s_ = nullptr;
};

const char* kSchema = R"sql(
PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;
CREATE TABLE IF NOT EXISTS urls (
  rowid INTEGER PRIMARY KEY,
  key TEXT UNIQUE NOT NULL,
  url TEXT NOT NULL,
  depth INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL DEFAULT 'queued',
  status INTEGER NOT NULL DEFAULT 0,
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  content_hash TEXT NOT NULL DEFAULT '',
  first_seen INTEGER NOT NULL DEFAULT 0,
  last_fetched INTEGER NOT NULL DEFAULT 0,
  last_changed INTEGER NOT NULL DEFAULT 0,
  next_due INTEGER NOT NULL DEFAULT 0,
  interval INTEGER NOT NULL DEFAULT 0,
  failures INTEGER NOT NULL DEFAULT 0,
  reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS urls_due ON urls(next_due);
CREATE TABLE IF NOT EXISTS robots (
  origin TEXT PRIMARY KEY,
  body BLOB NOT NULL,
  status INTEGER NOT NULL,
  fetched_at INTEGER NOT NULL
);
)sql";

const char* kCols =
    "key,url,depth,state,status,etag,last_modified,content_hash,first_seen,last_fetched,"
    "last_changed,next_due,interval,failures,reason,rowid";

UrlRow ReadRow(Stmt& s) {
  UrlRow r;
  r.key = s.Text(0);
  r.url = s.Text(1);
  r.depth = static_cast<int>(s.Int(2));
  r.state = s.Text(3);
  r.status = static_cast<int>(s.Int(4));
  r.etag = s.Text(5);
  r.last_modified = s.Text(6);
  r.content_hash = s.Text(7);
  r.first_seen = s.Int(8);
  r.last_fetched = s.Int(9);
  r.last_changed = s.Int(10);
  r.next_due = s.Int(11);
  r.interval = s.Int(12);
  r.failures = static_cast<int>(s.Int(13));
  r.reason = s.Text(14);
  return r;
}

}  // namespace

CrawlState::~CrawlState() = default;

Result<std::unique_ptr<CrawlState>> CrawlState::Open(const std::filesystem::path& path) {
  std::unique_ptr<CrawlState> st(new CrawlState());
  st->rep_ = std::make_unique<Rep>();
  st->rep_->path = path.string();
  if (sqlite3_open_v2(path.c_str(), &st->rep_->db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
    return Status::IoError("cannot open " + path.string() + ": " +
                           (st->rep_->db ? sqlite3_errmsg(st->rep_->db) : "out of memory"));
  sqlite3_busy_timeout(st->rep_->db, 5000);
  Status s = st->rep_->Exec(kSchema);
  if (!s.ok()) return s;
  return st;
}

Result<bool> CrawlState::AddUrl(const std::string& key, const std::string& url, int depth, int64_t due) {
  Stmt s(rep_->db, rep_->statements,
         "INSERT OR IGNORE INTO urls(key,url,depth,first_seen,next_due) VALUES(?,?,?,?,?)");
  if (!s.ok()) return rep_->Error("prepare insert");
  s.Bind(1, key).Bind(2, url).Bind(3, static_cast<int64_t>(depth)).Bind(4, due).Bind(5, due);
  if (s.Step() != SQLITE_DONE) return rep_->Error("insert url");
  return sqlite3_changes(rep_->db) > 0;
}

Status CrawlState::MakeDue(const std::string& key, int64_t due) {
  Stmt s(rep_->db, rep_->statements, "UPDATE urls SET next_due=? WHERE key=? AND next_due>?");
  s.Bind(1, due).Bind(2, key).Bind(3, due);
  if (s.Step() != SQLITE_DONE) return rep_->Error("update due");
  return Status::Ok();
}

Result<std::vector<UrlRow>> CrawlState::DueUrls(int64_t now, int limit, int64_t after_rowid,
                                                int64_t* last_rowid) {
  std::string sql = std::string("SELECT ") + kCols +
                    " FROM urls WHERE rowid>? AND next_due<=?"
                    " ORDER BY rowid LIMIT ?";
  Stmt s(rep_->db, rep_->statements, sql.c_str());
  if (!s.ok()) return rep_->Error("prepare due");
  s.Bind(1, after_rowid).Bind(2, now).Bind(3, static_cast<int64_t>(limit));
  std::vector<UrlRow> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    out.push_back(ReadRow(s));
    if (last_rowid) *last_rowid = s.Int(15);
  }
  if (rc != SQLITE_DONE) return rep_->Error("select due");
  return out;
}

Result<std::optional<UrlRow>> CrawlState::Get(const std::string& key) {
  std::string sql = std::string("SELECT ") + kCols + " FROM urls WHERE key=?";
  Stmt s(rep_->db, rep_->statements, sql.c_str());
  s.Bind(1, key);
  int rc = s.Step();
  if (rc == SQLITE_ROW) return std::optional<UrlRow>(ReadRow(s));
  if (rc == SQLITE_DONE) return std::optional<UrlRow>();
  return rep_->Error("select url");
}

Status CrawlState::Update(const UrlRow& r) {
  Stmt s(rep_->db, rep_->statements,
         "UPDATE urls SET url=?,depth=?,state=?,status=?,etag=?,last_modified=?,content_hash=?,"
         "last_fetched=?,last_changed=?,next_due=?,interval=?,failures=?,reason=? WHERE key=?");
  s.Bind(1, r.url).Bind(2, static_cast<int64_t>(r.depth)).Bind(3, r.state)
      .Bind(4, static_cast<int64_t>(r.status)).Bind(5, r.etag).Bind(6, r.last_modified)
      .Bind(7, r.content_hash).Bind(8, r.last_fetched).Bind(9, r.last_changed)
      .Bind(10, r.next_due).Bind(11, r.interval).Bind(12, static_cast<int64_t>(r.failures))
      .Bind(13, r.reason).Bind(14, r.key);
  if (s.Step() != SQLITE_DONE) return rep_->Error("update url");
  return Status::Ok();
}

Result<std::optional<RobotsRow>> CrawlState::GetRobots(const std::string& origin) {
  Stmt s(rep_->db, rep_->statements, "SELECT body,status,fetched_at FROM robots WHERE origin=?");
  s.Bind(1, origin);
  int rc = s.Step();
  if (rc == SQLITE_ROW) {
    RobotsRow r{s.Text(0), static_cast<int>(s.Int(1)), s.Int(2)};
    return std::optional<RobotsRow>(r);
  }
  if (rc == SQLITE_DONE) return std::optional<RobotsRow>();
  return rep_->Error("select robots");
}

Status CrawlState::PutRobots(const std::string& origin, const RobotsRow& row) {
  Stmt s(rep_->db, rep_->statements, "INSERT OR REPLACE INTO robots(origin,body,status,fetched_at) VALUES(?,?,?,?)");
  s.Bind(1, origin).Bind(2, row.body).Bind(3, static_cast<int64_t>(row.status)).Bind(4, row.fetched_at);
  if (s.Step() != SQLITE_DONE) return rep_->Error("insert robots");
  return Status::Ok();
}

Result<std::vector<std::pair<std::string, int64_t>>> CrawlState::CountByState() {
  Stmt s(rep_->db, rep_->statements, "SELECT state, COUNT(*) FROM urls GROUP BY state ORDER BY state");
  std::vector<std::pair<std::string, int64_t>> out;
  while (s.Step() == SQLITE_ROW) out.emplace_back(s.Text(0), s.Int(1));
  return out;
}

Status CrawlState::Begin() { return rep_->Exec("BEGIN"); }
Status CrawlState::Commit() { return rep_->Exec("COMMIT"); }

}  // namespace dossier
