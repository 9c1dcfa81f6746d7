// ReplyBatcher: hands work from other threads (the decision log's writer) to one
// io_context with one post per burst instead of one per reply. The writer completes a
// whole group commit at once; posting each answer separately would wake the I/O thread
// (an eventfd write and an epoll return) once per decision.
//
// One instance per io_context (an asio service: `Of(context)`), created on first use and
// destroyed with the context; Add() is thread-safe, the functions run on the context's
// thread in the order they were added.
// Internal to src/server.
#pragma once

#include <boost/asio/execution_context.hpp>
#include <boost/asio/io_context.hpp>
#include <functional>
#include <mutex>
#include <vector>

namespace jianwei::server {

class ReplyBatcher final : public boost::asio::execution_context::service {
 public:
  using key_type = ReplyBatcher;
  static boost::asio::execution_context::id id;

  explicit ReplyBatcher(boost::asio::io_context& context);

  static ReplyBatcher& Of(boost::asio::io_context& context);

  // Queues `f` to run on the context's thread; posts a drain only when none is pending.
  void Add(std::function<void()> f);

 private:
  void shutdown() override;
  void Drain();

  boost::asio::io_context& context_;
  std::mutex mu_;
  std::vector<std::function<void()>> pending_;  // guarded by mu_
  bool scheduled_ = false;                      // guarded by mu_: a Drain is posted
  std::vector<std::function<void()>> running_;  // the context's thread only
};

}  // namespace jianwei::server
