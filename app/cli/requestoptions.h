#pragma once

// The options of the subcommands that send requests (squint ask, batch and probe): where to send,
// the model, the request's parameters, --fit and --timeout, and the target they resolve to.

#include "cli/clicontext.h"

#include "core/chat/chattarget.h"
#include "core/connections/connections.h"
#include "core/connections/databricksauth.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

#include <optional>

namespace squint::cli {

/// The options squint ask and squint batch share: where to send (--profile, --base-url, --token-env),
/// the model, the request's parameters, --fit and --timeout.
struct RequestOptions
{
    RequestOptions();
    /// --profile, --base-url, --token-env and --model: where to send and to which model, the
    /// first options of every subcommand that sends.
    QList<QCommandLineOption> targetOptions() const { return {profile, baseUrl, tokenEnv, model}; }

    QCommandLineOption profile, baseUrl, tokenEnv, model, system, maxTokens, temperature, noStream,
        fit, timeout;
};

/// The values of the shared request options.
struct RequestSettings
{
    QString system;
    double temperature = -1; ///< negative: the server's default
    int maxTokens = 0;       ///< 0: the server's default
    bool stream = true;
    bool fit = false;
    int timeoutMs = 120'000;
};

/// --profile with --base-url, or --token-env without --base-url, is a *problem.
bool checkConnectionOptions(const QCommandLineParser &p, const RequestOptions &o, Problem *problem);
/// Reads --system, --max-tokens, --temperature, --no-stream, --fit and --timeout into *out; a bad
/// value is a *problem.
bool readRequestSettings(const QCommandLineParser &p,
                         const RequestOptions &o,
                         RequestSettings *out,
                         Problem *problem);
/// Reads --timeout alone into *timeoutMs (left as it is when not given), for subcommands that take
/// no other request option; a bad value is a *problem.
bool readTimeout(const QCommandLineParser &p,
                 const RequestOptions &o,
                 int *timeoutMs,
                 Problem *problem);
/// A model that takes only its default temperature (the catalog says so: OpenAI's reasoning models)
/// gets none: `command` says so once and *temperature becomes -1. Nothing when none was asked for.
void leaveOutRefusedTemperature(const Command &command, const QString &model, double *temperature);
/// Where requests go: --base-url (with --token-env's token), else the Databricks workspace of
/// --profile or the environment. `command` explains and it returns false when there is none usable.
/// The token goes into `target` only; it is never printed. `connection` (optional) gets the
/// connection it describes (without any token); `oauth` (optional) the Databricks OAuth credential
/// the token came from, if it did, so that a long run can renew it.
bool resolveTarget(const Command &command,
                   const QCommandLineParser &p,
                   const RequestOptions &o,
                   int timeoutMs,
                   ChatTarget *target,
                   Connection *connection = nullptr,
                   std::optional<DatabricksCredential> *oauth = nullptr);

} // namespace squint::cli
