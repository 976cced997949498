#include "core/connections/databricksconfig.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QUrl>

namespace squint {

// Translation context for this file's messages (lupdate reads it from here).
namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::DatabricksConfig)
};
} // namespace

namespace {

const QString DefaultSection = QStringLiteral("DEFAULT");
const QString SettingsSection = QStringLiteral("__settings__");

/// configparser's str.rstrip() on a joined multi-line value.
QString rstripped(const QString &s)
{
    qsizetype n = s.size();
    while (n > 0 && s.at(n - 1).isSpace())
        --n;
    return s.left(n);
}

/// Splits like Python's universal newlines: "\r\n", "\r" and "\n" all end a line.
QStringList splitLines(const QString &text)
{
    QStringList lines;
    qsizetype start = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == u'\n' || c == u'\r') {
            lines.append(text.mid(start, i - start));
            if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n')
                ++i;
            start = i + 1;
        }
    }
    if (start < text.size())
        lines.append(text.mid(start));
    return lines;
}

qsizetype indentOf(const QString &line)
{
    for (qsizetype i = 0; i < line.size(); ++i) {
        if (!line.at(i).isSpace())
            return i;
    }
    return 0;
}

/// One configuration attribute of the Databricks SDK that selects an authentication method: the
/// key in the config file, its environment variable and the method's name.
struct AuthAttribute
{
    QLatin1String key;
    QLatin1String env;
    QLatin1String method;
};

// databricks-sdk-py Config attributes declared with auth=... (token is "pat").
constexpr AuthAttribute AuthAttributes[] = {
    {QLatin1String("token"), QLatin1String("DATABRICKS_TOKEN"), QLatin1String("pat")},
    {QLatin1String("username"), QLatin1String("DATABRICKS_USERNAME"), QLatin1String("basic")},
    {QLatin1String("password"), QLatin1String("DATABRICKS_PASSWORD"), QLatin1String("basic")},
    {QLatin1String("client_id"), QLatin1String("DATABRICKS_CLIENT_ID"), QLatin1String("oauth")},
    {QLatin1String("client_secret"), QLatin1String("DATABRICKS_CLIENT_SECRET"), QLatin1String("oauth")},
    {QLatin1String("oidc_token_env"), QLatin1String("DATABRICKS_OIDC_TOKEN_ENV"), QLatin1String("env-oidc")},
    {QLatin1String("oidc_token_filepath"), QLatin1String("DATABRICKS_OIDC_TOKEN_FILE"), QLatin1String("file-oidc")},
    {QLatin1String("google_service_account"), QLatin1String("DATABRICKS_GOOGLE_SERVICE_ACCOUNT"), QLatin1String("google")},
    {QLatin1String("google_credentials"), QLatin1String("GOOGLE_CREDENTIALS"), QLatin1String("google")},
    {QLatin1String("azure_workspace_resource_id"), QLatin1String("DATABRICKS_AZURE_RESOURCE_ID"), QLatin1String("azure")},
    {QLatin1String("azure_use_msi"), QLatin1String("ARM_USE_MSI"), QLatin1String("azure")},
    {QLatin1String("azure_client_secret"), QLatin1String("ARM_CLIENT_SECRET"), QLatin1String("azure")},
    {QLatin1String("azure_client_id"), QLatin1String("ARM_CLIENT_ID"), QLatin1String("azure")},
    {QLatin1String("azure_tenant_id"), QLatin1String("ARM_TENANT_ID"), QLatin1String("azure")},
    {QLatin1String("metadata_service_url"), QLatin1String("DATABRICKS_METADATA_SERVICE_URL"), QLatin1String("metadata-service")},
};

QString expandHome(const QString &path, const QString &homeDir)
{
    if (path == u'~')
        return homeDir;
    if (path.startsWith(QLatin1String("~/")) || path.startsWith(QLatin1String("~\\")))
        return QDir(homeDir).filePath(path.mid(2));
    return path;
}

} // namespace

const IniFile::Section *IniFile::section(const QString &name) const
{
    for (const Section &s : sections) {
        if (s.name == name)
            return &s;
    }
    return nullptr;
}

QString IniFile::value(const QString &sectionName, const QString &key) const
{
    const Section *s = section(sectionName);
    return s ? s->values.value(key.toLower()) : QString();
}

IniFile parseIni(QByteArrayView text)
{
    IniFile ini;
    if (text.startsWith("\xEF\xBB\xBF"))
        text = text.sliced(3);
    const QStringList lines = splitLines(QString::fromUtf8(text));

    qsizetype current = -1; // index into ini.sections
    QString option;         // the option that continuation lines extend; empty when none
    qsizetype indentLevel = 0;
    // configparser's strict mode refuses a section or key seen twice in one file.
    QHash<QString, QStringList> keysSeen;

    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString &line = lines.at(i);
        const int lineNo = int(i) + 1;
        const QString value = line.trimmed();
        const bool comment = value.startsWith(u'#') || value.startsWith(u';');
        if (value.isEmpty() || comment) {
            // An empty line (not a comment) inside a value is kept; trailing ones are stripped.
            if (!comment && current >= 0 && !option.isEmpty())
                ini.sections[current].values[option].append(u'\n');
            continue;
        }
        const qsizetype indent = indentOf(line);
        if (current >= 0 && !option.isEmpty() && indent > indentLevel) {
            QString &v = ini.sections[current].values[option];
            v.append(u'\n');
            v.append(value);
            continue;
        }
        indentLevel = indent;
        const qsizetype close = value.lastIndexOf(u']');
        if (value.startsWith(u'[') && close > 1) {
            const QString name = value.mid(1, close - 1);
            option.clear();
            current = -1;
            for (qsizetype s = 0; s < ini.sections.size(); ++s) {
                if (ini.sections.at(s).name == name) {
                    current = s;
                    break;
                }
            }
            if (current >= 0) {
                if (name != DefaultSection)
                    ini.problems.append(Tr::tr("line %1: section [%2] appears twice").arg(lineNo).arg(name));
            } else {
                ini.sections.append(IniFile::Section{name, {}, {}});
                current = ini.sections.size() - 1;
            }
            continue;
        }
        if (current < 0) {
            ini.problems.append(Tr::tr("line %1: a value before any [section] header").arg(lineNo));
            continue;
        }
        qsizetype delimiter = -1;
        for (qsizetype c = 0; c < value.size(); ++c) {
            if (value.at(c) == u'=' || value.at(c) == u':') {
                delimiter = c;
                break;
            }
        }
        const QString key = delimiter > 0 ? value.left(delimiter).trimmed().toLower() : QString();
        if (key.isEmpty()) {
            ini.problems.append(Tr::tr("line %1: neither a [section] nor a key = value line").arg(lineNo));
            continue;
        }
        IniFile::Section &section = ini.sections[current];
        QStringList &seen = keysSeen[section.name];
        if (seen.contains(key))
            ini.problems.append(Tr::tr("line %1: key %2 appears twice in [%3]").arg(lineNo).arg(key, section.name));
        else
            seen.append(key);
        if (!section.values.contains(key))
            section.keys.append(key);
        section.values.insert(key, value.mid(delimiter + 1).trimmed());
        option = key;
    }

    for (IniFile::Section &s : ini.sections) {
        for (auto it = s.values.begin(); it != s.values.end(); ++it)
            it.value() = rstripped(it.value());
    }
    return ini;
}

QString normalizeDatabricksHost(const QString &hostIn)
{
    QString host = hostIn.trimmed();
    if (host.isEmpty())
        return {};
    if (!host.contains(QLatin1String("://")))
        host.prepend(QLatin1String("https://"));
    QUrl url(host, QUrl::TolerantMode);
    if (!url.isValid() || url.host().isEmpty()) {
        while (host.endsWith(u'/'))
            host.chop(1);
        return host;
    }
    if (url.port() == 443)
        url.setPort(-1);
    QString path = url.path(QUrl::FullyEncoded);
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path, QUrl::TolerantMode);
    return url.toString(QUrl::FullyEncoded);
}

DatabricksResolution resolveDatabricks(const QHash<QString, QString> &env, const QString &explicitProfile,
                                       const QString &homeDir, const FileReader &readFile)
{
    DatabricksResolution r;
    // An empty variable counts as unset.
    const auto envValue = [&env](QLatin1String name) { return env.value(QString(name)).trimmed(); };

    QString host = envValue(QLatin1String("DATABRICKS_HOST"));
    QString token = envValue(QLatin1String("DATABRICKS_TOKEN"));
    if (!host.isEmpty())
        r.fromEnvironment.append(QStringLiteral("DATABRICKS_HOST"));
    if (!token.isEmpty())
        r.fromEnvironment.append(QStringLiteral("DATABRICKS_TOKEN"));
    QString authType = envValue(QLatin1String("DATABRICKS_AUTH_TYPE"));
    QString clientId = envValue(QLatin1String("DATABRICKS_CLIENT_ID"));
    QString clientSecret = envValue(QLatin1String("DATABRICKS_CLIENT_SECRET"));

    // Authentication methods configured (for the SDK's "more than one" check), and the variable
    // of the first one other than a token (it makes the SDK skip the file, too).
    QStringList methods;
    QString otherAuthVariable;
    for (const AuthAttribute &a : AuthAttributes) {
        if (envValue(a.env).isEmpty())
            continue;
        if (!methods.contains(a.method))
            methods.append(a.method);
        if (otherAuthVariable.isEmpty() && a.method != QLatin1String("pat"))
            otherAuthVariable = a.env;
    }

    const QString profile = !explicitProfile.isEmpty() ? explicitProfile
                                                       : envValue(QLatin1String("DATABRICKS_CONFIG_PROFILE"));
    QString configFile = envValue(QLatin1String("DATABRICKS_CONFIG_FILE"));
    if (configFile.isEmpty())
        configFile = QDir(homeDir).filePath(QStringLiteral(".databrickscfg"));
    r.configFile = expandHome(configFile, homeDir);

    const bool skipFile = profile.isEmpty() && (!host.isEmpty() || !token.isEmpty() || !otherAuthVariable.isEmpty());
    if (skipFile && host.isEmpty() && token.isEmpty()) {
        r.warnings.append(Tr::tr("%1 is set, so %2 was not read.")
                              .arg(otherAuthVariable, QDir::toNativeSeparators(r.configFile)));
    }

    if (!skipFile) {
        const std::optional<QByteArray> bytes = readFile ? readFile(r.configFile) : std::optional<QByteArray>();
        if (!bytes) {
            if (!profile.isEmpty()) {
                r.warnings.append(Tr::tr("%1 was not found, so profile %2 could not be read.")
                                      .arg(QDir::toNativeSeparators(r.configFile), profile));
            }
        } else {
            const IniFile ini = parseIni(*bytes);
            for (const QString &problem : ini.problems)
                r.warnings.append(Tr::tr("%1, %2").arg(QDir::toNativeSeparators(r.configFile), problem));

            QString chosen = profile;
            if (chosen.isEmpty()) {
                const QString fromSettings = ini.value(SettingsSection, QStringLiteral("default_profile")).trimmed();
                const IniFile::Section *defaults = ini.section(DefaultSection);
                if (!fromSettings.isEmpty())
                    chosen = fromSettings;
                else if (defaults && !defaults->keys.isEmpty())
                    chosen = DefaultSection;
            }
            if (!chosen.isEmpty()) {
                const IniFile::Section *section = chosen == SettingsSection ? nullptr : ini.section(chosen);
                if (section && chosen == DefaultSection && section->keys.isEmpty())
                    section = nullptr;
                if (!section) {
                    r.profile = chosen;
                    r.error = Tr::tr("resolve: %1 has no %2 profile configured")
                                  .arg(QDir::toNativeSeparators(r.configFile), chosen);
                } else {
                    r.profile = chosen;
                    // Values already set (from the environment) are never overwritten.
                    if (host.isEmpty())
                        host = section->values.value(QStringLiteral("host")).trimmed();
                    if (token.isEmpty())
                        token = section->values.value(QStringLiteral("token")).trimmed();
                    if (authType.isEmpty())
                        authType = section->values.value(QStringLiteral("auth_type")).trimmed();
                    if (clientId.isEmpty())
                        clientId = section->values.value(QStringLiteral("client_id")).trimmed();
                    if (clientSecret.isEmpty())
                        clientSecret = section->values.value(QStringLiteral("client_secret")).trimmed();
                    for (const AuthAttribute &a : AuthAttributes) {
                        if (!section->values.value(QString(a.key)).trimmed().isEmpty() && !methods.contains(a.method))
                            methods.append(a.method);
                    }
                }
            }
        }
    }

    r.authType = authType;
    if (!r.error.isEmpty())
        return r; // nothing usable: neither host nor token leave a failed resolution

    r.host = normalizeDatabricksHost(host);
    r.token = token.toUtf8();

    const QString file = QDir::toNativeSeparators(r.configFile);
    const QString envList = r.fromEnvironment.join(QLatin1String(", "));
    if (!r.profile.isEmpty()) {
        r.source = r.fromEnvironment.isEmpty()
            ? Tr::tr("profile %1 in %2").arg(r.profile, file)
            : Tr::tr("profile %1 in %2, with %3 from the environment").arg(r.profile, file, envList);
    } else if (!r.fromEnvironment.isEmpty()) {
        r.source = Tr::tr("environment (%1)").arg(envList);
    }

    r.clientId = clientId;
    r.clientSecret = clientSecret.toUtf8();
    const QString type = authType.toLower();
    const bool hasM2M = !clientId.isEmpty() && !clientSecret.isEmpty();
    const auto cliOnPath = [&env] {
        const QStringList path = env.value(QStringLiteral("PATH")).split(QDir::listSeparator(), Qt::SkipEmptyParts);
        return !path.isEmpty() && !QStandardPaths::findExecutable(QStringLiteral("databricks"), path).isEmpty();
    };
    const QString where = !r.profile.isEmpty() ? Tr::tr("Profile %1 in %2").arg(r.profile, file)
                                               : Tr::tr("The environment");
    const QString login = QStringLiteral("databricks auth login --host %1").arg(r.host);
    if (!type.isEmpty()) {
        // A set auth type allows only that method, as in the SDK.
        if (type == QLatin1String("pat")) {
            if (!r.token.isEmpty())
                r.method = type;
        } else if (type == QLatin1String("oauth-m2m")) {
            if (hasM2M)
                r.method = type;
            else
                r.warnings.append(Tr::tr("%1 asks for a service principal (oauth-m2m) but lacks client_id or "
                                         "client_secret.")
                                      .arg(where));
        } else if (type == QLatin1String("databricks-cli")) {
            r.method = type;
        } else {
            r.warnings.append(Tr::tr("The authentication type is %1; Squint signs in with a personal access token "
                                     "(pat), a service principal (oauth-m2m) or the Databricks CLI "
                                     "(databricks-cli).")
                                  .arg(authType));
        }
    } else if (!r.token.isEmpty()) {
        r.method = QStringLiteral("pat");
        if (methods.size() > 1) {
            methods.sort();
            r.warnings.append(Tr::tr("More than one authentication method is configured (%1); Squint uses the "
                                     "personal access token.")
                                  .arg(methods.join(QLatin1String(", "))));
        }
    } else if (hasM2M) {
        r.method = QStringLiteral("oauth-m2m");
    } else if (!r.host.isEmpty() && cliOnPath()) {
        r.method = QStringLiteral("databricks-cli");
    }
    if (r.method.isEmpty() && (type.isEmpty() || type == QLatin1String("pat"))) {
        if (r.token.isEmpty() && !r.host.isEmpty()) {
            r.warnings.append(r.profile.isEmpty()
                                  ? Tr::tr("DATABRICKS_HOST is set but DATABRICKS_TOKEN is not; set it, or install the "
                                           "Databricks CLI and sign in with “%1”.")
                                        .arg(login)
                                  : Tr::tr("Profile %1 in %2 has no token; add one, or install the Databricks CLI and "
                                           "sign in with “%3”.")
                                        .arg(r.profile, file, login));
        } else if (r.token.isEmpty() && !r.profile.isEmpty()) {
            r.warnings.append(Tr::tr("Profile %1 in %2 has no token.").arg(r.profile, file));
        }
    }
    if (r.host.isEmpty() && (!r.token.isEmpty() || hasM2M)) {
        r.warnings.append(r.profile.isEmpty()
                              ? Tr::tr("DATABRICKS_TOKEN is set but DATABRICKS_HOST is not.")
                              : Tr::tr("Profile %1 in %2 has no host.").arg(r.profile, file));
    }
    return r;
}

QStringList databricksProfiles(const IniFile &ini)
{
    QStringList out;
    const IniFile::Section *defaults = ini.section(DefaultSection);
    if (defaults && !defaults->keys.isEmpty())
        out.append(DefaultSection);
    for (const IniFile::Section &s : ini.sections) {
        if (s.name != DefaultSection && s.name != SettingsSection)
            out.append(s.name);
    }
    return out;
}

QHash<QString, QString> systemEnvironment()
{
    QHash<QString, QString> out;
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QStringList keys = env.keys();
    for (const QString &key : keys)
        out.insert(key, env.value(key));
    return out;
}

std::optional<QByteArray> readSmallFile(const QString &path)
{
    constexpr qint64 MaxBytes = 4 * 1024 * 1024;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    QByteArray bytes = file.read(MaxBytes);
    if (file.error() != QFileDevice::NoError)
        return std::nullopt;
    return bytes;
}

DatabricksResolution resolveDatabricksFromSystem(const QString &explicitProfile)
{
    return resolveDatabricks(systemEnvironment(), explicitProfile, QDir::homePath(), &readSmallFile);
}

QStringList databricksProfilesFromSystem()
{
    const QHash<QString, QString> env = systemEnvironment();
    QString path = env.value(QStringLiteral("DATABRICKS_CONFIG_FILE")).trimmed();
    if (path.isEmpty())
        path = QDir::home().filePath(QStringLiteral(".databrickscfg"));
    const std::optional<QByteArray> bytes = readSmallFile(expandHome(path, QDir::homePath()));
    return bytes ? databricksProfiles(parseIni(*bytes)) : QStringList();
}

} // namespace squint
