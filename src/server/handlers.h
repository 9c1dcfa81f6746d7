// The route handlers (one file per group: decide_handlers.cc, package_handlers.cc,
// admin_handlers.cc, graph_handlers.cc). Each answers exactly once through ex.reply.
#pragma once

#include "http.h"

namespace jianwei::server {

class Service;

void HandleDecide(Service& s, Exchange& ex);
void HandleDecideBatch(Service& s, Exchange& ex);
void HandleGetDecision(Service& s, Exchange& ex);

void HandleUploadPackage(Service& s, Exchange& ex);
void HandleListPackages(Service& s, Exchange& ex);
void HandleSubmit(Service& s, Exchange& ex);
void HandleApprove(Service& s, Exchange& ex);
void HandleReject(Service& s, Exchange& ex);
void HandleDeploy(Service& s, Exchange& ex);
void HandleRollback(Service& s, Exchange& ex);
void HandleActiveDeployment(Service& s, Exchange& ex);

void HandleCreateUser(Service& s, Exchange& ex);
void HandleAudit(Service& s, Exchange& ex);
void HandleAuditVerify(Service& s, Exchange& ex);
void HandleHealth(Service& s, Exchange& ex);
void HandleReady(Service& s, Exchange& ex);
void HandleMetrics(Service& s, Exchange& ex);
void HandleOpenApi(Service& s, Exchange& ex);

void HandleGraphUbo(Service& s, Exchange& ex);
void HandleGraphRelated(Service& s, Exchange& ex);
void HandleGraphExposure(Service& s, Exchange& ex);

}  // namespace jianwei::server
