// ExtractPdf: runs dossier-pdf-worker (pdf_worker_main.cc, which documents the protocol)
// as a child process with limits on address space and CPU and a wall-clock deadline.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "dossier/extract.h"

extern char** environ;

namespace dossier {

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

std::string DefaultWorkerPath() {
  std::error_code ec;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "dossier-pdf-worker";
  return (self.parent_path() / "dossier-pdf-worker").string();
}

struct Pipe {
  int fd[2] = {-1, -1};
  ~Pipe() {
    for (int f : fd)
      if (f >= 0) close(f);
  }
  void Close(int i) {
    if (fd[i] >= 0) close(fd[i]);
    fd[i] = -1;
  }
};

// Blocks SIGPIPE for this thread while writing to the worker, and swallows a pending one,
// so that a worker dying before it has read its input cannot kill the caller.
class ScopedSigpipeBlock {
 public:
  ScopedSigpipeBlock() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, &old_);
  }
  ~ScopedSigpipeBlock() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    struct timespec zero = {0, 0};
    while (sigtimedwait(&set, nullptr, &zero) > 0) {
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }

 private:
  sigset_t old_;
};

Status TimedOut(int timeout_s) {
  return Status::Timeout("pdf parser timed out after " + std::to_string(timeout_s) + " s");
}

}  // namespace

Result<ExtractedPdf> ExtractPdf(std::string_view bytes, const PdfLimits& limits) {
  if (bytes.substr(0, 1024).find("%PDF-") == std::string_view::npos) return Status::InvalidArgument("not a PDF");
  const std::string worker = limits.worker_path.empty() ? DefaultWorkerPath() : limits.worker_path;
  const int timeout_s = limits.timeout_s > 0 ? limits.timeout_s : 30;

  Pipe in, out;
  if (pipe2(in.fd, O_CLOEXEC) != 0 || pipe2(out.fd, O_CLOEXEC) != 0)
    return Status::IoError(std::string("pipe: ") + std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.fd[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out.fd[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Default signal dispositions in the child, whatever the caller ignores.
  sigset_t all;
  sigfillset(&all);
  posix_spawnattr_setsigdefault(&attr, &all);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  pid_t pid = -1;
  char* argv[] = {const_cast<char*>(worker.c_str()), nullptr};
  int rc = posix_spawn(&pid, worker.c_str(), &actions, &attr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) return Status::IoError("cannot start pdf worker " + worker + ": " + std::strerror(rc));
  in.Close(0);
  out.Close(1);

  // Limits on the child, set before it is given any input to parse.
  struct rlimit as_limit;
  as_limit.rlim_cur = as_limit.rlim_max = static_cast<rlim_t>(limits.memory_mb) * 1024 * 1024;
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer reserves terabytes of address space up front: an RLIMIT_AS would kill
  // the sanitized worker at start-up, so sanitizer builds (the asan preset) go without it.
  (void)as_limit;
#else
  if (limits.memory_mb > 0) prlimit(pid, RLIMIT_AS, &as_limit, nullptr);
#endif
  struct rlimit cpu_limit;
  cpu_limit.rlim_cur = static_cast<rlim_t>(timeout_s);
  cpu_limit.rlim_max = static_cast<rlim_t>(timeout_s) + 1;
  prlimit(pid, RLIMIT_CPU, &cpu_limit, nullptr);

  const auto deadline = Clock::now() + std::chrono::seconds(timeout_s);
  auto kill_child = [&] {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  };
  std::string response;
  {
    ScopedSigpipeBlock no_sigpipe;
    fcntl(in.fd[1], F_SETFL, O_NONBLOCK);
    size_t written = 0;
    bool out_open = true;
    while (out_open) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) {
        kill_child();
        return TimedOut(timeout_s);
      }
      struct pollfd fds[2];
      int nfds = 0;
      fds[nfds++] = {out.fd[0], POLLIN, 0};
      if (in.fd[1] >= 0) fds[nfds++] = {in.fd[1], POLLOUT, 0};
      int n = poll(fds, static_cast<nfds_t>(nfds), static_cast<int>(std::min<long long>(left, 1000)));
      if (n < 0 && errno != EINTR) {
        kill_child();
        return Status::IoError(std::string("poll: ") + std::strerror(errno));
      }
      if (n <= 0) continue;
      if (nfds == 2 && fds[1].revents) {
        ssize_t w = write(in.fd[1], bytes.data() + written, std::min<size_t>(bytes.size() - written, 1 << 16));
        if (w > 0) written += static_cast<size_t>(w);
        if ((w < 0 && errno != EAGAIN && errno != EINTR) || written == bytes.size()) in.Close(1);
      }
      if (fds[0].revents) {
        char buf[65536];
        ssize_t r = read(out.fd[0], buf, sizeof buf);
        if (r > 0) {
          response.append(buf, static_cast<size_t>(r));
        } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
          out_open = false;
        }
      }
    }
  }
  // The worker closed its output: wait for it to exit, still under the deadline.
  int wstatus = 0;
  while (true) {
    pid_t w = waitpid(pid, &wstatus, WNOHANG);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) return Status::Internal("pdf worker vanished");
    if (Clock::now() >= deadline) {
      kill_child();
      return TimedOut(timeout_s);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (WIFSIGNALED(wstatus)) {
    int sig = WTERMSIG(wstatus);
    if (sig == SIGXCPU) return TimedOut(timeout_s);
    return Status::Internal("pdf parser crashed (signal " + std::to_string(sig) + ")");
  }
  if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0)
    return Status::Internal("pdf parser failed (exit " + std::to_string(WEXITSTATUS(wstatus)) + ")");

  json j = json::parse(response, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Status::Internal("pdf worker sent an unreadable reply");
  if (!j.value("ok", false)) {
    std::string error = j.value("error", "");
    std::string message = j.value("message", "");
    if (error == "encrypted") return Status::Unsupported("encrypted PDF");
    if (error == "no_text") return Status::Unsupported("no text layer");
    if (error == "not_pdf") return Status::InvalidArgument("not a PDF");
    if (error == "oom") return Status::Unsupported("pdf parser ran out of memory");
    return Status::Corruption("damaged PDF: " + message);
  }
  ExtractedPdf pdf;
  pdf.title = j.value("title", "");
  pdf.author = j.value("author", "");
  pdf.subject = j.value("subject", "");
  pdf.created = j.value("created", "");
  pdf.modified = j.value("modified", "");
  auto pages = j.find("pages");
  if (pages != j.end() && pages->is_array()) {
    for (const json& p : *pages) {
      if (!p.is_object()) continue;
      pdf.pages.push_back(PdfPage{p.value("number", 0), p.value("text", "")});
    }
  }
  return pdf;
}

}  // namespace dossier
