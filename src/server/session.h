// One HTTP connection: reads a request under the header/body/time limits, routes it,
// checks credentials and role, runs the handler and writes its reply (keep-alive).
// Lives on one io_context thread; replies from other threads are dispatched to it.
#pragma once

#include <atomic>
#include <boost/asio/basic_waitable_timer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>

namespace jianwei::server {

class Service;

// A connection's socket names its io_context's executor type: tcp::socket's default,
// the type-erased any_io_executor, costs a copy and a virtual call per operation.
using Socket =
    boost::asio::basic_stream_socket<boost::asio::ip::tcp, boost::asio::io_context::executor_type>;
// A connection's timer, on the same executor type.
using Timer = boost::asio::basic_waitable_timer<std::chrono::steady_clock,
                                                boost::asio::wait_traits<std::chrono::steady_clock>,
                                                boost::asio::io_context::executor_type>;

// Starts serving `socket` (the session keeps itself alive while I/O is pending).
void StartSession(Socket socket, Service& service);
// Answers 503 on a connection over the limit and closes it once the client's request is
// read and dropped (at most 2 s and 1 MiB; src/server/refusal.cc), so that the client
// gets the answer rather than a reset. `lingering` counts the refusals not yet closed
// (the owner's; it must outlive the io_context); past 64 they close at once.
void RefuseConnection(Socket socket, std::atomic<int>& lingering);

}  // namespace jianwei::server
