#include "thread_scratch.h"

namespace jianwei::server {

boost::asio::execution_context::id ThreadScratch::id;

ThreadScratch::ThreadScratch(boost::asio::io_context& context)
    : boost::asio::execution_context::service(context) {}

ThreadScratch& ThreadScratch::Of(boost::asio::io_context& context) {
  return boost::asio::use_service<ThreadScratch>(context);
}

}  // namespace jianwei::server
