// One HTTP connection: reads a request under the header/body/time limits, routes it,
// checks credentials and role, runs the handler and writes its reply (keep-alive).
// Lives on one io_context thread; replies from other threads are dispatched to it.
#pragma once

#include <boost/asio/ip/tcp.hpp>

namespace jianwei::server {

class Service;

// Starts serving `socket` (the session keeps itself alive while I/O is pending).
void StartSession(boost::asio::ip::tcp::socket socket, Service& service);
// Answers 503 on a connection over the limit and closes it.
void RefuseConnection(boost::asio::ip::tcp::socket socket);

}  // namespace jianwei::server
