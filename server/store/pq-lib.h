/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/pq-lib.h: libpq, loaded the first time a program opens a PostgreSQL
 * store.
 *
 * Linking libpq made every start of fieldcheck-server load it and the twenty
 * or so libraries it needs (Kerberos, LDAP, GSSAPI, TLS...), though only a
 * postgresql:// store uses it and most starts (enrol, status, every command
 * on a SQLite file, the thousands make check runs) never do. Now the
 * PostgreSQL backend loads it when it first connects; the rest start
 * without it. Everything calls libpq through the table fc_pq() returns; the
 * types and constants still come from <libpq-fe.h>.
 */
#ifndef FC_SERVER_STORE_PQ_LIB_H
#define FC_SERVER_STORE_PQ_LIB_H

#include <libpq-fe.h>

#include "core/error.h"

/*
 * The libpq functions fieldcheck uses, by their libpq names without PQ
 * (PQexecPrepared is execPrepared), with libpq's own prototypes: pq-lib.c
 * checks each against <libpq-fe.h> when it compiles.
 */
struct fc_pq {
	/* Connections */
	PGconn *(*connectdb)(const char *conninfo);
	void (*finish)(PGconn *conn);
	void (*reset)(PGconn *conn);
	PQconninfoOption *(*conninfoParse)(const char *conninfo, char **errmsg);
	void (*conninfoFree)(PQconninfoOption *connOptions);
	ConnStatusType (*status)(const PGconn *conn);
	PGTransactionStatusType (*transactionStatus)(const PGconn *conn);
	char *(*errorMessage)(const PGconn *conn);
	PQnoticeProcessor (*setNoticeProcessor)(PGconn *conn, PQnoticeProcessor proc, void *arg);

	/* Running statements, one at a time */
	PGresult *(*exec)(PGconn *conn, const char *query);
	PGresult *(*execParams)(PGconn *conn, const char *command, int nParams,
				const Oid *paramTypes, const char *const *paramValues,
				const int *paramLengths, const int *paramFormats, int resultFormat);
	PGresult *(*prepare)(PGconn *conn, const char *stmtName, const char *query, int nParams,
			     const Oid *paramTypes);
	PGresult *(*execPrepared)(PGconn *conn, const char *stmtName, int nParams,
				  const char *const *paramValues, const int *paramLengths,
				  const int *paramFormats, int resultFormat);

	/* Pipeline mode: statements sent without waiting for their answers */
	int (*enterPipelineMode)(PGconn *conn);
	int (*exitPipelineMode)(PGconn *conn);
	int (*pipelineSync)(PGconn *conn);
	int (*sendQueryPrepared)(PGconn *conn, const char *stmtName, int nParams,
				 const char *const *paramValues, const int *paramLengths,
				 const int *paramFormats, int resultFormat);
	PGresult *(*getResult)(PGconn *conn);
	int (*consumeInput)(PGconn *conn);

	/* Reading a result */
	ExecStatusType (*resultStatus)(const PGresult *res);
	char *(*resultErrorMessage)(const PGresult *res);
	char *(*resultErrorField)(const PGresult *res, int fieldcode);
	int (*ntuples)(const PGresult *res);
	int (*nfields)(const PGresult *res);
	int (*fformat)(const PGresult *res, int field_num);
	char *(*getvalue)(const PGresult *res, int tup_num, int field_num);
	int (*getlength)(const PGresult *res, int tup_num, int field_num);
	int (*getisnull)(const PGresult *res, int tup_num, int field_num);
	char *(*cmdStatus)(PGresult *res);
	char *(*cmdTuples)(PGresult *res);
	void (*clear)(PGresult *res);
};

/*
 * libpq's functions, loaded on the first call (any thread; later calls
 * return the same table, which lives until the program ends). NULL, with
 * err saying which library is missing and which package has it, when it
 * cannot be loaded. err may be NULL for a caller that already holds a
 * result or connection the table made, so knows it is loaded.
 */
const struct fc_pq *fc_pq(struct fc_error *err);

#endif
