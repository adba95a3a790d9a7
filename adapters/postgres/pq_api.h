/* libpq, loaded when a PostgreSQL store is first used instead of linked. */
#ifndef BO_PQ_API_H
#define BO_PQ_API_H

#include <libpq-fe.h>

#include "domain/status.h"

/*
 * The binary does not link libpq: a SQLite-only run never loads it (nor
 * the TLS, Kerberos and LDAP libraries it pulls in), and a machine without
 * libpq still runs SQLite stores. bo_pq_load dlopen()s libpq.so.5 and
 * fills bo_pq_api with the functions below; every file that includes this
 * header calls them through it under their own names (the #defines at the
 * end), so the adapter's code reads as plain libpq.
 *
 * The list is every libpq function the library calls. A call to one not in
 * it is an undefined reference when the binary links (it has no -lpq): add
 * it here, in X(...) and as a #define.
 */
#define BO_PQ_FUNCTIONS(X)                                                     \
	X(PQbackendPID)                                                        \
	X(PQclear)                                                             \
	X(PQcmdStatus)                                                         \
	X(PQcmdTuples)                                                         \
	X(PQconnectdbParams)                                                   \
	X(PQconsumeInput)                                                      \
	X(PQdb)                                                                \
	X(PQenterPipelineMode)                                                 \
	X(PQerrorMessage)                                                      \
	X(PQescapeIdentifier)                                                  \
	X(PQexec)                                                              \
	X(PQexecParams)                                                        \
	X(PQexecPrepared)                                                      \
	X(PQexitPipelineMode)                                                  \
	X(PQfinish)                                                            \
	X(PQfname)                                                             \
	X(PQfreemem)                                                           \
	X(PQftype)                                                             \
	X(PQgetResult)                                                         \
	X(PQgetisnull)                                                         \
	X(PQgetvalue)                                                          \
	X(PQhost)                                                              \
	X(PQlibVersion)                                                        \
	X(PQnfields)                                                           \
	X(PQnotifies)                                                          \
	X(PQntuples)                                                           \
	X(PQparameterStatus)                                                   \
	X(PQpipelineSync)                                                      \
	X(PQport)                                                              \
	X(PQprepare)                                                           \
	X(PQreset)                                                             \
	X(PQresultErrorField)                                                  \
	X(PQresultStatus)                                                      \
	X(PQsendQueryParams)                                                   \
	X(PQsendQueryPrepared)                                                 \
	X(PQserverVersion)                                                     \
	X(PQsetNoticeProcessor)                                                \
	X(PQsocket)                                                            \
	X(PQstatus)                                                            \
	X(PQuser)

/* One pointer per function, of the function's own type (from libpq-fe.h). */
struct bo_pq_api {
#define BO_PQ_MEMBER(name) __typeof__(name) *name;
	BO_PQ_FUNCTIONS(BO_PQ_MEMBER)
#undef BO_PQ_MEMBER
};

/* Filled by bo_pq_load; all NULL before it succeeds. */
extern struct bo_pq_api bo_pq_api;

/*
 * Loads libpq (libpq.so.5, RTLD_NOW | RTLD_LOCAL) and looks up every
 * function of BO_PQ_FUNCTIONS; call it before the first PQ* call. Once it
 * has succeeded it does nothing and returns 0 again; the library stays
 * loaded until the process ends. A failure (no libpq, or one without a
 * function the adapter needs) is BO_ESTORAGE with one line naming libpq
 * and the Debian package that has it; bo_pq_api is then left as it was,
 * and a later call tries again. Not thread-safe: the program opens its
 * stores from one thread.
 *
 * BACKOFFICE_LIBPQ=NAME in the environment loads NAME instead (a file
 * name or path as dlopen takes it): for the tests of the failure only.
 */
int bo_pq_load(bo_err *err);

/* From here on, PQexec(...) is bo_pq_api.PQexec(...) and so on. The
 * loader itself (pq_api.c) defines BO_PQ_API_LOADER to fill the struct
 * by the members' own names. */
#ifndef BO_PQ_API_LOADER
#define PQbackendPID bo_pq_api.PQbackendPID
#define PQclear bo_pq_api.PQclear
#define PQcmdStatus bo_pq_api.PQcmdStatus
#define PQcmdTuples bo_pq_api.PQcmdTuples
#define PQconnectdbParams bo_pq_api.PQconnectdbParams
#define PQconsumeInput bo_pq_api.PQconsumeInput
#define PQdb bo_pq_api.PQdb
#define PQenterPipelineMode bo_pq_api.PQenterPipelineMode
#define PQerrorMessage bo_pq_api.PQerrorMessage
#define PQescapeIdentifier bo_pq_api.PQescapeIdentifier
#define PQexec bo_pq_api.PQexec
#define PQexecParams bo_pq_api.PQexecParams
#define PQexecPrepared bo_pq_api.PQexecPrepared
#define PQexitPipelineMode bo_pq_api.PQexitPipelineMode
#define PQfinish bo_pq_api.PQfinish
#define PQfname bo_pq_api.PQfname
#define PQfreemem bo_pq_api.PQfreemem
#define PQftype bo_pq_api.PQftype
#define PQgetResult bo_pq_api.PQgetResult
#define PQgetisnull bo_pq_api.PQgetisnull
#define PQgetvalue bo_pq_api.PQgetvalue
#define PQhost bo_pq_api.PQhost
#define PQlibVersion bo_pq_api.PQlibVersion
#define PQnfields bo_pq_api.PQnfields
#define PQnotifies bo_pq_api.PQnotifies
#define PQntuples bo_pq_api.PQntuples
#define PQparameterStatus bo_pq_api.PQparameterStatus
#define PQpipelineSync bo_pq_api.PQpipelineSync
#define PQport bo_pq_api.PQport
#define PQprepare bo_pq_api.PQprepare
#define PQreset bo_pq_api.PQreset
#define PQresultErrorField bo_pq_api.PQresultErrorField
#define PQresultStatus bo_pq_api.PQresultStatus
#define PQsendQueryParams bo_pq_api.PQsendQueryParams
#define PQsendQueryPrepared bo_pq_api.PQsendQueryPrepared
#define PQserverVersion bo_pq_api.PQserverVersion
#define PQsetNoticeProcessor bo_pq_api.PQsetNoticeProcessor
#define PQsocket bo_pq_api.PQsocket
#define PQstatus bo_pq_api.PQstatus
#define PQuser bo_pq_api.PQuser
#endif

#endif
