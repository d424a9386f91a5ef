/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/pq-lib.c: load libpq with dlopen the first time it is needed
 * (pq-lib.h says why). The soname is the one the build linked against
 * before, libpq5's; the fieldcheck-server package depends on it by name.
 * Nothing here talks to a database: this file only fills the table.
 */
#include <libintl.h>
#include <pthread.h>
#include <stddef.h>

#include "core/dl-table.h"
#include "server/store/pq-lib.h"

#define _(s) gettext(s)

#define PQ_SONAME "libpq.so.5"

static struct fc_pq pq_api;
static const struct fc_pq *pq_loaded;
static struct fc_error pq_why; /* why the load failed, for every caller after */
static pthread_once_t pq_once = PTHREAD_ONCE_INIT;

/* Where each entry of struct fc_pq is filled from. */
static const struct fc_dl_symbol pq_symbols[] = {
    {"PQconnectdb", offsetof(struct fc_pq, connectdb)},
    {"PQfinish", offsetof(struct fc_pq, finish)},
    {"PQreset", offsetof(struct fc_pq, reset)},
    {"PQconninfoParse", offsetof(struct fc_pq, conninfoParse)},
    {"PQconninfoFree", offsetof(struct fc_pq, conninfoFree)},
    {"PQstatus", offsetof(struct fc_pq, status)},
    {"PQtransactionStatus", offsetof(struct fc_pq, transactionStatus)},
    {"PQerrorMessage", offsetof(struct fc_pq, errorMessage)},
    {"PQsetNoticeProcessor", offsetof(struct fc_pq, setNoticeProcessor)},
    {"PQexec", offsetof(struct fc_pq, exec)},
    {"PQexecParams", offsetof(struct fc_pq, execParams)},
    {"PQprepare", offsetof(struct fc_pq, prepare)},
    {"PQexecPrepared", offsetof(struct fc_pq, execPrepared)},
    {"PQenterPipelineMode", offsetof(struct fc_pq, enterPipelineMode)},
    {"PQexitPipelineMode", offsetof(struct fc_pq, exitPipelineMode)},
    {"PQpipelineSync", offsetof(struct fc_pq, pipelineSync)},
    {"PQsendQueryPrepared", offsetof(struct fc_pq, sendQueryPrepared)},
    {"PQgetResult", offsetof(struct fc_pq, getResult)},
    {"PQconsumeInput", offsetof(struct fc_pq, consumeInput)},
    {"PQresultStatus", offsetof(struct fc_pq, resultStatus)},
    {"PQresultErrorMessage", offsetof(struct fc_pq, resultErrorMessage)},
    {"PQresultErrorField", offsetof(struct fc_pq, resultErrorField)},
    {"PQntuples", offsetof(struct fc_pq, ntuples)},
    {"PQnfields", offsetof(struct fc_pq, nfields)},
    {"PQfformat", offsetof(struct fc_pq, fformat)},
    {"PQgetvalue", offsetof(struct fc_pq, getvalue)},
    {"PQgetlength", offsetof(struct fc_pq, getlength)},
    {"PQgetisnull", offsetof(struct fc_pq, getisnull)},
    {"PQcmdStatus", offsetof(struct fc_pq, cmdStatus)},
    {"PQcmdTuples", offsetof(struct fc_pq, cmdTuples)},
    {"PQclear", offsetof(struct fc_pq, clear)},
};

/*
 * The table's prototypes are written out in pq-lib.h so a reader sees the
 * arguments; a call through an entry whose type drifted from libpq's would
 * pass the wrong arguments without a warning, so each is checked here
 * against <libpq-fe.h> (typeof in an assertion names the function without
 * referring to it: nothing here links libpq).
 */
#define PQ_SAME_TYPE(field, fn)                                                                    \
	_Static_assert(__builtin_types_compatible_p(__typeof__(pq_api.field), __typeof__(&fn)),    \
		       #fn " and struct fc_pq's " #field " have the same type")
PQ_SAME_TYPE(connectdb, PQconnectdb);
PQ_SAME_TYPE(finish, PQfinish);
PQ_SAME_TYPE(reset, PQreset);
PQ_SAME_TYPE(conninfoParse, PQconninfoParse);
PQ_SAME_TYPE(conninfoFree, PQconninfoFree);
PQ_SAME_TYPE(status, PQstatus);
PQ_SAME_TYPE(transactionStatus, PQtransactionStatus);
PQ_SAME_TYPE(errorMessage, PQerrorMessage);
PQ_SAME_TYPE(setNoticeProcessor, PQsetNoticeProcessor);
PQ_SAME_TYPE(exec, PQexec);
PQ_SAME_TYPE(execParams, PQexecParams);
PQ_SAME_TYPE(prepare, PQprepare);
PQ_SAME_TYPE(execPrepared, PQexecPrepared);
PQ_SAME_TYPE(enterPipelineMode, PQenterPipelineMode);
PQ_SAME_TYPE(exitPipelineMode, PQexitPipelineMode);
PQ_SAME_TYPE(pipelineSync, PQpipelineSync);
PQ_SAME_TYPE(sendQueryPrepared, PQsendQueryPrepared);
PQ_SAME_TYPE(getResult, PQgetResult);
PQ_SAME_TYPE(consumeInput, PQconsumeInput);
PQ_SAME_TYPE(resultStatus, PQresultStatus);
PQ_SAME_TYPE(resultErrorMessage, PQresultErrorMessage);
PQ_SAME_TYPE(resultErrorField, PQresultErrorField);
PQ_SAME_TYPE(ntuples, PQntuples);
PQ_SAME_TYPE(nfields, PQnfields);
PQ_SAME_TYPE(fformat, PQfformat);
PQ_SAME_TYPE(getvalue, PQgetvalue);
PQ_SAME_TYPE(getlength, PQgetlength);
PQ_SAME_TYPE(getisnull, PQgetisnull);
PQ_SAME_TYPE(cmdStatus, PQcmdStatus);
PQ_SAME_TYPE(cmdTuples, PQcmdTuples);
PQ_SAME_TYPE(clear, PQclear);
/* Every entry is in pq_symbols[], so none is left NULL after a load. */
_Static_assert(sizeof pq_symbols / sizeof pq_symbols[0] ==
		   sizeof(struct fc_pq) / sizeof(void (*)(void)),
	       "pq_symbols[] fills every entry of struct fc_pq");

static void
pq_load(void)
{
	if (fc_dl_table(PQ_SONAME, pq_symbols, sizeof pq_symbols / sizeof pq_symbols[0], &pq_api,
			&pq_why) == 0)
		pq_loaded = &pq_api;
}

const struct fc_pq *
fc_pq(struct fc_error *err)
{
	pthread_once(&pq_once, pq_load);
	if (pq_loaded == NULL)
		fc_error_set(
		    err, FC_E_INTERNAL,
		    _("cannot load %s, which talks to PostgreSQL (Debian package libpq5): %s"),
		    PQ_SONAME, pq_why.msg);
	return pq_loaded;
}
