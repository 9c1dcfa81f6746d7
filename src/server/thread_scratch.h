// ThreadScratch: the DecideScratch of one io_context's thread. A decision of a flow
// keeps its slot arrays in the scratch it is given (strategy::DecideScratch); with a
// fresh one per request, each decision allocates and clears them again, about three
// times the time of a decision of the 2,000-rule flow (docs/service.md, "Threads").
//
// One instance per io_context (an asio service: `Of(context)`), created on first use and
// destroyed with the context. Every session of a context runs on the one thread that
// runs the context, so its handlers use the scratch without a lock.
// Internal to src/server.
#pragma once

#include <boost/asio/execution_context.hpp>
#include <boost/asio/io_context.hpp>

#include "jianwei/strategy/engine.h"

namespace jianwei::server {

class ThreadScratch final : public boost::asio::execution_context::service {
 public:
  using key_type = ThreadScratch;
  static boost::asio::execution_context::id id;

  explicit ThreadScratch(boost::asio::io_context& context);

  static ThreadScratch& Of(boost::asio::io_context& context);

  // For the context's thread only.
  strategy::DecideScratch& scratch() { return scratch_; }

 private:
  void shutdown() override {}

  strategy::DecideScratch scratch_;
};

}  // namespace jianwei::server
