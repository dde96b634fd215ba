// The Apollo side of a request's access log line and metrics: the operation it resolved, the
// server's own errors logged with the request id, and every error sent with `requestId` in its
// extensions and counted by code.

import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLFormattedError } from "graphql";
import { logInternalErrors } from "./formatError";
import type { Metrics } from "./metrics";
import type { RequestRecord } from "./RequestRecord";

/** The context field the HTTP server puts a request's record in (absent for operations run without HTTP). */
export interface ObservedContext {
  request?: RequestRecord;
}

/** Adds the request id to every error of a response. */
export function withRequestId(errors: readonly GraphQLFormattedError[], requestId: string): GraphQLFormattedError[] {
  return errors.map((e) => ({ ...e, extensions: { ...e.extensions, requestId } }));
}

export function observeRequests(metrics?: Metrics): ApolloServerPlugin<ObservedContext> {
  return {
    async requestDidStart({ contextValue }) {
      const record = contextValue.request;
      return {
        async didResolveOperation({ operation, operationName }) {
          if (record && operation) record.operation = { type: operation.operation, name: operationName ?? null };
        },
        async didEncounterErrors({ errors }) {
          logInternalErrors(errors, record?.id);
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== "single") return;
          const result = response.body.singleResult;
          if (!result.errors?.length) return;
          const codes = result.errors.map((e) => String(e.extensions?.code ?? "INTERNAL"));
          for (const code of codes) metrics?.graphqlError(code);
          if (!record) return;
          record.errorCodes.push(...codes);
          record.answered = true;
          result.errors = withRequestId(result.errors, record.id);
        },
      };
    },
  };
}
