#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace squint {

/// An INI file read the way Python's configparser.ConfigParser reads it (the Databricks SDKs read
/// ~/.databrickscfg with it): `[name]` headers (case-sensitive), `key = value` or `key: value`
/// (keys lower-cased, split at the first '=' or ':'), full-line '#' and ';' comments, no inline
/// comments, values trimmed, lines indented deeper than their option continue its value (joined
/// with '\n'). [DEFAULT] is kept as a section of its own, never merged into the others.
///
/// configparser refuses a whole file for a duplicate section or key, or a line that is neither;
/// this parser keeps going (a repeated section adds to the first, a repeated key replaces the
/// value) and lists each such line under `problems`.
struct IniFile
{
    struct Section
    {
        QString name;
        QStringList keys;               ///< lower-cased, in file order
        QHash<QString, QString> values; ///< key -> value
    };

    QList<Section> sections; ///< in file order
    /// Lines configparser would have refused, as translated text naming the line number only
    /// (never the line itself: it may hold a token).
    QStringList problems;

    const Section *section(const QString &name) const;
    /// The value of `key` (any case) in `section`, or a null string.
    QString value(const QString &section, const QString &key) const;
};

IniFile parseIni(QByteArrayView text);

/// The Databricks SDKs' host normalisation: adds https:// when there is no scheme, strips the
/// trailing '/', drops the port 443. Empty stays empty.
QString normalizeDatabricksHost(const QString &host);

/// Where Squint gets a Databricks workspace and personal access token from, resolved like the
/// Databricks SDKs' unified auth (docs/protocol.md §4.7).
struct DatabricksResolution
{
    QString host;            ///< normalised, e.g. https://dbc-1234.cloud.databricks.com
    QByteArray token;        ///< the personal access token; never shown, logged or saved
    QString clientId;        ///< a service principal's client_id / DATABRICKS_CLIENT_ID
    QByteArray clientSecret; ///< its client_secret / DATABRICKS_CLIENT_SECRET; never shown, logged or saved
    /// How Squint signs in, chosen like the SDK: "pat" (host + token), "oauth-m2m" (host, client_id and
    /// client_secret), "databricks-cli" (host, with `databricks` on PATH or auth_type databricks-cli);
    /// a set auth_type allows only that one. Empty when none can be used.
    QString method;
    QString profile;         ///< the profile read, empty when the file was not used
    QString configFile;      ///< the config file path that was (or would have been) read
    QString authType;        ///< auth_type / DATABRICKS_AUTH_TYPE, empty when unset
    QStringList fromEnvironment; ///< the variables host and token came from, e.g. DATABRICKS_HOST
    /// Translated: "environment (DATABRICKS_HOST, DATABRICKS_TOKEN)", "profile NAME in FILE", or
    /// both ("profile NAME in FILE, with DATABRICKS_HOST from the environment"). Empty when
    /// nothing was found.
    QString source;
    QString error;           ///< translated; set when the requested configuration can't be read
    QStringList warnings;    ///< translated
    bool isUsable() const { return !host.isEmpty() && !method.isEmpty() && error.isEmpty(); }
};

/// Reads the file at `path`; std::nullopt when it does not exist or can't be read.
using FileReader = std::function<std::optional<QByteArray>(const QString &path)>;

/// Resolves host and token from `env` and the Databricks config file:
/// - `explicitProfile` (Squint's --profile or the user's choice), else DATABRICKS_CONFIG_PROFILE,
///   names the profile; environment values win over the file's, and empty variables count as unset;
/// - without a profile the file is skipped when DATABRICKS_HOST, DATABRICKS_TOKEN or another
///   authentication variable of the SDK is already set;
/// - the file is DATABRICKS_CONFIG_FILE (a leading ~ is `homeDir`), else `homeDir`/.databrickscfg;
///   a missing file is not an error;
/// - a named profile missing from the file is an error ("resolve: PATH has no NAME profile
///   configured"); else [__settings__] default_profile, else [DEFAULT] when it has keys;
/// - the profile is not merged with [DEFAULT].
/// An auth type other than pat, oauth-m2m and databricks-cli, or a profile with nothing to sign in
/// with, is a warning. Neither token nor secret appears in source, error or warnings.
DatabricksResolution resolveDatabricks(const QHash<QString, QString> &env, const QString &explicitProfile,
                                       const QString &homeDir, const FileReader &readFile);

/// resolveDatabricks() with this process's environment, QDir::homePath() and the real file.
/// Reads a small file synchronously.
DatabricksResolution resolveDatabricksFromSystem(const QString &explicitProfile = {});

/// The profiles of a config file, in file order: every section but [__settings__]; [DEFAULT] comes
/// first and only when it has keys.
QStringList databricksProfiles(const IniFile &ini);

/// The profiles of the config file resolveDatabricksFromSystem() would read.
QStringList databricksProfilesFromSystem();

/// This process's environment as a hash, for the functions above.
QHash<QString, QString> systemEnvironment();

/// Reads a local file of at most a few megabytes; std::nullopt when missing or unreadable.
std::optional<QByteArray> readSmallFile(const QString &path);

} // namespace squint
