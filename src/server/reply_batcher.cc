#include "reply_batcher.h"

#include <boost/asio/post.hpp>

namespace jianwei::server {

boost::asio::execution_context::id ReplyBatcher::id;

ReplyBatcher::ReplyBatcher(boost::asio::io_context& context)
    : boost::asio::execution_context::service(context), context_(context) {}

ReplyBatcher& ReplyBatcher::Of(boost::asio::io_context& context) {
  return boost::asio::use_service<ReplyBatcher>(context);
}

void ReplyBatcher::Add(std::function<void()> f) {
  bool post;
  {
    std::lock_guard lock(mu_);
    pending_.push_back(std::move(f));
    post = !scheduled_;
    scheduled_ = true;
  }
  if (post) boost::asio::post(context_, [this] { Drain(); });
}

void ReplyBatcher::Drain() {
  {
    std::lock_guard lock(mu_);
    running_.swap(pending_);
    scheduled_ = false;
  }
  for (std::function<void()>& f : running_) f();
  // Cleared here, on the context's thread: the functions own sessions.
  running_.clear();
}

// The context is shutting down: what was queued will never run; destroy it now, while
// the sessions it holds can still be destroyed safely (as asio does with its handlers).
void ReplyBatcher::shutdown() {
  std::vector<std::function<void()>> dropped;
  {
    std::lock_guard lock(mu_);
    dropped.swap(pending_);
  }
}

}  // namespace jianwei::server
