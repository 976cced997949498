#include "core/connections/databricksconfig.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace squint;
using namespace Qt::StringLiterals;

namespace {

// Fake tokens of the fixtures below. Tests compare tokens with QVERIFY(a == b) so that a failure
// never prints one.
const QByteArray DefaultToken = "dapi-default-token-0000";
const QByteArray AzureToken = "dapi-azure-token-1111";
const QByteArray DotToken = "dapi-dot-token-2222";
const QByteArray BasicToken = "dapi-basic-token-3333";
const QByteArray EnvToken = "dapi-env-token-4444";
const QByteArray OtherFileToken = "dapi-other-file-5555";
const QByteArray AllTokens[] = {DefaultToken, AzureToken, DotToken, BasicToken, EnvToken, OtherFileToken};

const QString Home = QStringLiteral("/home/u");
const QString DefaultPath = QStringLiteral("/home/u/.databrickscfg");

// Modelled on docs/protocol.md §4.7 (the SDK's tests/testdata/.databrickscfg).
const QByteArray Config = "[DEFAULT]\n"
                          "host  = https://dbc-default.cloud.databricks.com/\n"
                          "token = " + DefaultToken + "\n"
                          "\n"
                          "[azure-pat]\n"
                          "host  = https://adb-123.4.azuredatabricks.net/\n"
                          "token = " + AzureToken + "\n"
                          "\n"
                          "[pat.with.dot]\n"
                          "host  = https://dbc-dot.cloud.databricks.com/\n"
                          "token = " + DotToken + "\n"
                          "\n"
                          "[oauth-user]\n"
                          "host      = https://dbc-oauth.cloud.databricks.com\n"
                          "auth_type = databricks-cli\n"
                          "\n"
                          "[hostonly]\n"
                          "host = dbc-hostonly.cloud.databricks.com:443\n"
                          "\n"
                          "[basic-and-pat]\n"
                          "host = https://dbc-basic.cloud.databricks.com\n"
                          "token = " + BasicToken + "\n"
                          "username = alice\n"
                          "password = not-a-token\n"
                          "\n"
                          "[explicit-pat]\n"
                          "host = https://dbc-explicit.cloud.databricks.com\n"
                          "token = " + DotToken + "\n"
                          "auth_type = pat\n";

const QByteArray ConfigWithSettings = Config + "\n[__settings__]\ndefault_profile = azure-pat\n";
const QByteArray ConfigWithDanglingDefault = Config + "\n[__settings__]\ndefault_profile = gone\n";
const QByteArray ConfigWithoutDefault = "[azure-pat]\nhost = https://adb-123.4.azuredatabricks.net/\ntoken = " + AzureToken + "\n";
const QByteArray ConfigWithEmptyDefault = "[DEFAULT]\n# nothing\n\n" + ConfigWithoutDefault;
const QByteArray OtherConfig = "[DEFAULT]\nhost = other.cloud.databricks.com\ntoken = " + OtherFileToken + "\n";

QHash<QString, QString> envFrom(const QStringList &lines)
{
    QHash<QString, QString> env;
    for (const QString &line : lines) {
        const qsizetype eq = line.indexOf(u'=');
        env.insert(line.left(eq), line.mid(eq + 1));
    }
    return env;
}

/// True when no fixture token occurs in any text of `r`.
bool tokenFree(const DatabricksResolution &r)
{
    const QString all = r.source + u'\n' + r.error + u'\n' + r.warnings.join(u'\n') + u'\n' + r.profile + u'\n'
        + r.host + u'\n' + r.authType + u'\n' + r.configFile;
    for (const QByteArray &token : AllTokens) {
        if (all.contains(QString::fromLatin1(token)))
            return false;
    }
    return true;
}

} // namespace

class TstDatabricksConfig : public QObject
{
    Q_OBJECT
private slots:
    void parseIni_data();
    void parseIni();
    void parseIniSectionsAndProblems();
    void normalizeHost_data();
    void normalizeHost();
    void resolve_data();
    void resolve();
    void authMethods_data();
    void authMethods();
    void profiles_data();
    void profiles();
    void realFiles();
};

void TstDatabricksConfig::parseIni_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("present");
    QTest::addColumn<QString>("value");
    QTest::addColumn<int>("problems");

    const QString p = QStringLiteral("p");
    const QString host = QStringLiteral("host");
    QTest::newRow("equals") << QByteArray("[p]\nhost = https://a\n") << p << host << true << u"https://a"_s << 0;
    QTest::newRow("colon") << QByteArray("[p]\nhost: https://a\n") << p << host << true << u"https://a"_s << 0;
    QTest::newRow("first delimiter wins, '='") << QByteArray("[p]\nhost = https://a:443\n") << p << host << true
                                               << u"https://a:443"_s << 0;
    QTest::newRow("first delimiter wins, ':'") << QByteArray("[p]\nhost: a=b\n") << p << host << true << u"a=b"_s << 0;
    QTest::newRow("no spaces") << QByteArray("[p]\nhost=x\n") << p << host << true << u"x"_s << 0;
    QTest::newRow("keys are lower-cased") << QByteArray("[p]\nHoSt = x\n") << p << host << true << u"x"_s << 0;
    QTest::newRow("lookup is case-insensitive") << QByteArray("[p]\nhost = x\n") << p << u"HOST"_s << true << u"x"_s << 0;
    QTest::newRow("sections are case-sensitive") << QByteArray("[Prod]\nhost = x\n") << u"prod"_s << host << false
                                                 << QString() << 0;
    QTest::newRow("section names keep their spaces") << QByteArray("[ p ]\nhost = x\n") << u" p "_s << host << true
                                                     << u"x"_s << 0;
    QTest::newRow("dotted section") << QByteArray("[pat.with.dot]\nhost = x\n") << u"pat.with.dot"_s << host << true
                                    << u"x"_s << 0;
    QTest::newRow("# comment") << QByteArray("[p]\n# host = y\nhost = x\n") << p << host << true << u"x"_s << 0;
    QTest::newRow("; comment") << QByteArray("[p]\n; host = y\n") << p << host << false << QString() << 0;
    QTest::newRow("indented comment") << QByteArray("[p]\nhost = x\n   # not a continuation\n") << p << host << true
                                      << u"x"_s << 0;
    QTest::newRow("no inline # comment") << QByteArray("[p]\nhost = x # y\n") << p << host << true << u"x # y"_s << 0;
    QTest::newRow("no inline ; comment") << QByteArray("[p]\nhost = x ; y\n") << p << host << true << u"x ; y"_s << 0;
    QTest::newRow("trimmed") << QByteArray("[p]\n   host \t =   x  \t\n") << p << host << true << u"x"_s << 0;
    QTest::newRow("empty value") << QByteArray("[p]\nhost =\n") << p << host << true << QString() << 0;
    QTest::newRow("continuation") << QByteArray("[p]\nhost = a\n  b\n\tc\n") << p << host << true << u"a\nb\nc"_s << 0;
    QTest::newRow("continuation of an empty value") << QByteArray("[p]\nhost =\n  a\n") << p << host << true
                                                    << u"\na"_s << 0;
    QTest::newRow("blank line inside a value") << QByteArray("[p]\nhost = a\n\n  b\n") << p << host << true
                                               << u"a\n\nb"_s << 0;
    QTest::newRow("comment inside a value") << QByteArray("[p]\nhost = a\n# c\n  b\n") << p << host << true
                                            << u"a\nb"_s << 0;
    QTest::newRow("trailing blank lines dropped") << QByteArray("[p]\nhost = a\n\n\n[q]\n") << p << host << true
                                                  << u"a"_s << 0;
    QTest::newRow("same indent is a new key") << QByteArray("[p]\n  token = t\n  host = b\n") << p << host << true
                                              << u"b"_s << 0;
    QTest::newRow("deeper indent continues") << QByteArray("[p]\nhost = a\n token = t\n") << p << host << true
                                             << u"a\ntoken = t"_s << 0;
    QTest::newRow("CRLF") << QByteArray("[p]\r\nhost = x\r\ntoken = t\r\n") << p << host << true << u"x"_s << 0;
    QTest::newRow("CR") << QByteArray("[p]\rhost = x\rtoken = t\r") << p << host << true << u"x"_s << 0;
    QTest::newRow("BOM") << QByteArray("\xEF\xBB\xBF[p]\nhost = x\n") << p << host << true << u"x"_s << 0;
    QTest::newRow("UTF-8") << QByteArray("[p]\nhost = caf\xC3\xA9\n") << p << host << true << u"caf\u00e9"_s << 0;
    QTest::newRow("no final newline") << QByteArray("[p]\nhost = x") << p << host << true << u"x"_s << 0;
    QTest::newRow("DEFAULT is its own section") << QByteArray("[DEFAULT]\nhost = d\n[p]\ntoken = t\n") << p << host
                                                << false << QString() << 0;
    QTest::newRow("DEFAULT values") << QByteArray("[DEFAULT]\nhost = d\n[p]\ntoken = t\n") << u"DEFAULT"_s << host
                                    << true << u"d"_s << 0;
    QTest::newRow("repeated section adds") << QByteArray("[p]\ntoken = t\n[q]\n[p]\nhost = x\n") << p << host << true
                                           << u"x"_s << 1;
    QTest::newRow("repeated key, last wins") << QByteArray("[p]\nhost = x\nhost = y\n") << p << host << true << u"y"_s
                                             << 1;
    QTest::newRow("key before any section") << QByteArray("host = x\n[p]\n") << p << host << false << QString() << 1;
    QTest::newRow("line without delimiter") << QByteArray("[p]\njust words\nhost = x\n") << p << host << true
                                            << u"x"_s << 1;
    QTest::newRow("empty key") << QByteArray("[p]\n= x\n") << p << QString() << false << QString() << 1;
}

void TstDatabricksConfig::parseIni()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, section);
    QFETCH(QString, key);
    QFETCH(bool, present);
    QFETCH(QString, value);
    QFETCH(int, problems);

    const IniFile ini = squint::parseIni(text);
    const IniFile::Section *s = ini.section(section);
    if (present) {
        QVERIFY(s);
        QVERIFY(s->values.contains(key.toLower()));
        QVERIFY(s->keys.contains(key.toLower()));
        QCOMPARE(ini.value(section, key), value);
    } else {
        QVERIFY(!s || !s->values.contains(key.toLower()));
        QVERIFY(ini.value(section, key).isNull());
    }
    QCOMPARE(ini.problems.size(), problems);
}

void TstDatabricksConfig::parseIniSectionsAndProblems()
{
    const IniFile ini = squint::parseIni("token = secret-before-header\n[b]\nZ = 1\nA = 2\n[a]\n[DEFAULT]\n[b]\n");
    QStringList names;
    for (const IniFile::Section &s : ini.sections)
        names.append(s.name);
    QCOMPARE(names, (QStringList{u"b"_s, u"a"_s, u"DEFAULT"_s}));
    QCOMPARE(ini.section(u"b"_s)->keys, (QStringList{u"z"_s, u"a"_s}));
    QCOMPARE(ini.problems.size(), 2); // the key before any header, the repeated [b]
    QVERIFY(ini.problems.at(0).contains(u"line 1"_s));
    QVERIFY(ini.problems.at(1).contains(u"line 7"_s));
    // A problem names the line, never its text (it may hold a token).
    QVERIFY(!ini.problems.join(u'\n').contains(u"secret-before-header"_s));
}

void TstDatabricksConfig::normalizeHost_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("expected");

    QTest::newRow("bare host") << u"dbc-1.cloud.databricks.com"_s << u"https://dbc-1.cloud.databricks.com"_s;
    QTest::newRow("trailing slash") << u"https://dbc-1.cloud.databricks.com/"_s
                                    << u"https://dbc-1.cloud.databricks.com"_s;
    QTest::newRow("port 443") << u"https://adb-123.4.azuredatabricks.net:443/"_s
                              << u"https://adb-123.4.azuredatabricks.net"_s;
    QTest::newRow("bare host, port 443") << u"dbc-1.cloud.databricks.com:443"_s
                                         << u"https://dbc-1.cloud.databricks.com"_s;
    QTest::newRow("other port kept") << u"https://h.example:8443/"_s << u"https://h.example:8443"_s;
    QTest::newRow("http kept") << u"http://localhost:8080"_s << u"http://localhost:8080"_s;
    QTest::newRow("spaces and slashes") << u"  https://h.example//  "_s << u"https://h.example"_s;
    QTest::newRow("path kept, slash dropped") << u"https://h.example/a/b/"_s << u"https://h.example/a/b"_s;
    QTest::newRow("empty") << QString() << QString();
}

void TstDatabricksConfig::normalizeHost()
{
    QFETCH(QString, host);
    QFETCH(QString, expected);
    QCOMPARE(normalizeDatabricksHost(host), expected);
}

void TstDatabricksConfig::resolve_data()
{
    QTest::addColumn<QStringList>("env");
    QTest::addColumn<QString>("explicitProfile");
    QTest::addColumn<QString>("filePath"); ///< where `file` lives; empty: the default path
    QTest::addColumn<QByteArray>("file");  ///< null: no such file
    QTest::addColumn<QString>("readPath"); ///< the path read; empty: the file must not be read
    QTest::addColumn<QString>("host");
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QString>("error");   ///< a part of the error; empty: no error
    QTest::addColumn<QString>("warning"); ///< a part of a warning; empty: no warnings
    QTest::addColumn<QString>("source");  ///< the source exactly

    const QString defaultHost = u"https://dbc-default.cloud.databricks.com"_s;
    const QString azureHost = u"https://adb-123.4.azuredatabricks.net"_s;
    const QString dotHost = u"https://dbc-dot.cloud.databricks.com"_s;
    const QString envHost = u"https://dbc-env.cloud.databricks.com"_s;
    const QString inDefault = u" in /home/u/.databrickscfg"_s;
    const QStringList noEnv;
    const QString none;
    const QString envHostVar = u"DATABRICKS_HOST="_s + envHost;
    const QString envTokenVar = u"DATABRICKS_TOKEN="_s + QString::fromLatin1(EnvToken);

    QTest::newRow("[DEFAULT] when nothing is set")
        << noEnv << none << none << Config << DefaultPath << defaultHost << DefaultToken << u"DEFAULT"_s << none
        << none << (u"profile DEFAULT"_s + inDefault);
    QTest::newRow("explicit profile") << noEnv << u"azure-pat"_s << none << Config << DefaultPath << azureHost
                                      << AzureToken << u"azure-pat"_s << none << none
                                      << (u"profile azure-pat"_s + inDefault);
    QTest::newRow("explicit profile with dots")
        << noEnv << u"pat.with.dot"_s << none << Config << DefaultPath << dotHost << DotToken << u"pat.with.dot"_s
        << none << none << (u"profile pat.with.dot"_s + inDefault);
    QTest::newRow("explicit profile missing")
        << noEnv << u"nope"_s << none << Config << DefaultPath << none << QByteArray() << u"nope"_s
        << u"resolve: /home/u/.databrickscfg has no nope profile configured"_s << none << none;
    QTest::newRow("profile names are case-sensitive")
        << noEnv << u"Azure-PAT"_s << none << Config << DefaultPath << none << QByteArray() << u"Azure-PAT"_s
        << u"has no Azure-PAT profile"_s << none << none;
    QTest::newRow("DATABRICKS_CONFIG_PROFILE")
        << QStringList{u"DATABRICKS_CONFIG_PROFILE=azure-pat"_s} << none << none << Config << DefaultPath << azureHost
        << AzureToken << u"azure-pat"_s << none << none << (u"profile azure-pat"_s + inDefault);
    QTest::newRow("explicit profile beats DATABRICKS_CONFIG_PROFILE")
        << QStringList{u"DATABRICKS_CONFIG_PROFILE=azure-pat"_s} << u"pat.with.dot"_s << none << Config
        << DefaultPath << dotHost << DotToken << u"pat.with.dot"_s << none << none
        << (u"profile pat.with.dot"_s + inDefault);
    QTest::newRow("DATABRICKS_CONFIG_PROFILE missing")
        << QStringList{u"DATABRICKS_CONFIG_PROFILE=nope"_s} << none << none << Config << DefaultPath << none
        << QByteArray() << u"nope"_s << u"has no nope profile configured"_s << none << none;
    QTest::newRow("DATABRICKS_CONFIG_FILE")
        << QStringList{u"DATABRICKS_CONFIG_FILE=/etc/dbx.cfg"_s} << none << u"/etc/dbx.cfg"_s << OtherConfig
        << u"/etc/dbx.cfg"_s << u"https://other.cloud.databricks.com"_s << OtherFileToken << u"DEFAULT"_s << none
        << none << u"profile DEFAULT in /etc/dbx.cfg"_s;
    QTest::newRow("DATABRICKS_CONFIG_FILE with ~")
        << QStringList{u"DATABRICKS_CONFIG_FILE=~/cfg/dbx"_s} << none << u"/home/u/cfg/dbx"_s << OtherConfig
        << u"/home/u/cfg/dbx"_s << u"https://other.cloud.databricks.com"_s << OtherFileToken << u"DEFAULT"_s
        << none << none << u"profile DEFAULT in /home/u/cfg/dbx"_s;
    QTest::newRow("[__settings__] default_profile")
        << noEnv << none << none << ConfigWithSettings << DefaultPath << azureHost << AzureToken << u"azure-pat"_s
        << none << none << (u"profile azure-pat"_s + inDefault);
    QTest::newRow("explicit profile beats default_profile")
        << noEnv << u"DEFAULT"_s << none << ConfigWithSettings << DefaultPath << defaultHost << DefaultToken
        << u"DEFAULT"_s << none << none << (u"profile DEFAULT"_s + inDefault);
    QTest::newRow("default_profile names a missing profile")
        << noEnv << none << none << ConfigWithDanglingDefault << DefaultPath << none << QByteArray() << u"gone"_s
        << u"has no gone profile configured"_s << none << none;
    QTest::newRow("__settings__ is no profile")
        << noEnv << u"__settings__"_s << none << ConfigWithSettings << DefaultPath << none << QByteArray()
        << u"__settings__"_s << u"has no __settings__ profile configured"_s << none << none;
    QTest::newRow("no [DEFAULT], no profile: nothing") << noEnv << none << none << ConfigWithoutDefault << DefaultPath
                                                      << none << QByteArray() << none << none << none << none;
    QTest::newRow("empty [DEFAULT] is not a profile") << noEnv << none << none << ConfigWithEmptyDefault
                                                      << DefaultPath << none << QByteArray() << none << none << none
                                                      << none;
    QTest::newRow("empty [DEFAULT] asked for")
        << noEnv << u"DEFAULT"_s << none << ConfigWithEmptyDefault << DefaultPath << none << QByteArray()
        << u"DEFAULT"_s << u"has no DEFAULT profile configured"_s << none << none;
    QTest::newRow("no merging with [DEFAULT]: no token")
        << noEnv << u"hostonly"_s << none << Config << DefaultPath << u"https://dbc-hostonly.cloud.databricks.com"_s
        << QByteArray() << u"hostonly"_s << none << u"has no token"_s << (u"profile hostonly"_s + inDefault);
    QTest::newRow("auth_type databricks-cli")
        << noEnv << u"oauth-user"_s << none << Config << DefaultPath << u"https://dbc-oauth.cloud.databricks.com"_s
        << QByteArray() << u"oauth-user"_s << none << none << (u"profile oauth-user"_s + inDefault);
    QTest::newRow("auth_type pat: no warning")
        << noEnv << u"explicit-pat"_s << none << Config << DefaultPath << u"https://dbc-explicit.cloud.databricks.com"_s
        << DotToken << u"explicit-pat"_s << none << none << (u"profile explicit-pat"_s + inDefault);
    QTest::newRow("DATABRICKS_AUTH_TYPE databricks-cli")
        << QStringList{envHostVar, envTokenVar, u"DATABRICKS_AUTH_TYPE=databricks-cli"_s} << none << none << Config
        << none << envHost << EnvToken << none << none << none
        << u"environment (DATABRICKS_HOST, DATABRICKS_TOKEN)"_s;
    QTest::newRow("token and basic auth") << noEnv << u"basic-and-pat"_s << none << Config << DefaultPath
                                          << u"https://dbc-basic.cloud.databricks.com"_s << BasicToken
                                          << u"basic-and-pat"_s << none << u"basic, pat"_s
                                          << (u"profile basic-and-pat"_s + inDefault);
    QTest::newRow("environment host and token skip the file")
        << QStringList{envHostVar, envTokenVar} << none << none << Config << none << envHost << EnvToken << none << none
        << none << u"environment (DATABRICKS_HOST, DATABRICKS_TOKEN)"_s;
    QTest::newRow("environment host alone skips the file")
        << QStringList{envHostVar} << none << none << Config << none << envHost << QByteArray() << none << none
        << u"DATABRICKS_TOKEN is not"_s << u"environment (DATABRICKS_HOST)"_s;
    QTest::newRow("environment token alone skips the file")
        << QStringList{envTokenVar} << none << none << Config << none << none << EnvToken << none << none
        << u"DATABRICKS_HOST is not"_s << u"environment (DATABRICKS_TOKEN)"_s;
    QTest::newRow("another auth variable skips the file")
        << QStringList{u"DATABRICKS_CLIENT_ID=abc"_s} << none << none << Config << none << none << QByteArray() << none
        << none << u"DATABRICKS_CLIENT_ID"_s << none;
    QTest::newRow("environment host + profile: the environment wins")
        << QStringList{envHostVar} << u"azure-pat"_s << none << Config << DefaultPath << envHost << AzureToken
        << u"azure-pat"_s << none << none
        << (u"profile azure-pat"_s + inDefault + u", with DATABRICKS_HOST from the environment"_s);
    QTest::newRow("environment token + DATABRICKS_CONFIG_PROFILE")
        << QStringList{envTokenVar, u"DATABRICKS_CONFIG_PROFILE=azure-pat"_s} << none << none << Config << DefaultPath
        << azureHost << EnvToken << u"azure-pat"_s << none << none
        << (u"profile azure-pat"_s + inDefault + u", with DATABRICKS_TOKEN from the environment"_s);
    QTest::newRow("empty variables are unset")
        << QStringList{u"DATABRICKS_HOST="_s, u"DATABRICKS_TOKEN="_s, u"DATABRICKS_CONFIG_PROFILE="_s,
                       u"DATABRICKS_CONFIG_FILE="_s, u"DATABRICKS_CLIENT_ID="_s}
        << none << none << Config << DefaultPath << defaultHost << DefaultToken << u"DEFAULT"_s << none << none
        << (u"profile DEFAULT"_s + inDefault);
    QTest::newRow("missing file is no error") << noEnv << none << none << QByteArray() << DefaultPath << none
                                              << QByteArray() << none << none << none << none;
    QTest::newRow("missing file, profile asked for")
        << noEnv << u"azure-pat"_s << none << QByteArray() << DefaultPath << none << QByteArray() << none << none
        << u"was not found"_s << none;
    QTest::newRow("missing file, environment is enough")
        << QStringList{envHostVar, envTokenVar, u"DATABRICKS_CONFIG_PROFILE=azure-pat"_s} << none << none
        << QByteArray() << DefaultPath << envHost << EnvToken << none << none << u"was not found"_s
        << u"environment (DATABRICKS_HOST, DATABRICKS_TOKEN)"_s;
}

void TstDatabricksConfig::resolve()
{
    QFETCH(QStringList, env);
    QFETCH(QString, explicitProfile);
    QFETCH(QString, filePath);
    QFETCH(QByteArray, file);
    QFETCH(QString, readPath);
    QFETCH(QString, host);
    QFETCH(QByteArray, token);
    QFETCH(QString, profile);
    QFETCH(QString, error);
    QFETCH(QString, warning);
    QFETCH(QString, source);

    QStringList reads;
    const QString path = filePath.isEmpty() ? DefaultPath : filePath;
    const FileReader reader = [&](const QString &p) -> std::optional<QByteArray> {
        reads.append(p);
        if (p == path && !file.isNull())
            return file;
        return std::nullopt;
    };

    const DatabricksResolution r = resolveDatabricks(envFrom(env), explicitProfile, Home, reader);

    // First, before anything that could print it: no token in any text.
    QVERIFY(tokenFree(r));
    QVERIFY(r.token == token);

    QCOMPARE(reads, readPath.isEmpty() ? QStringList() : QStringList{readPath});
    QCOMPARE(r.host, host);
    QCOMPARE(r.profile, profile);
    QCOMPARE(r.source, source);
    if (error.isEmpty())
        QCOMPARE(r.error, QString());
    else
        QVERIFY2(r.error.contains(error), qPrintable(r.error));
    if (warning.isEmpty()) {
        QCOMPARE(r.warnings, QStringList());
    } else {
        QVERIFY2(r.warnings.join(u'\n').contains(warning), qPrintable(r.warnings.join(u'\n')));
    }
    // auth_type databricks-cli allows that method only, token or not; else a token means pat.
    const bool cli = QByteArray(QTest::currentDataTag()).contains("databricks-cli");
    QCOMPARE(r.method, cli ? u"databricks-cli"_s : token.isEmpty() ? QString() : u"pat"_s);
    QCOMPARE(r.isUsable(), !host.isEmpty() && (cli || !token.isEmpty()) && error.isEmpty());
    if (!readPath.isEmpty())
        QCOMPARE(r.configFile, readPath);
}

void TstDatabricksConfig::authMethods_data()
{
    QTest::addColumn<QStringList>("env");
    QTest::addColumn<QString>("profile");
    QTest::addColumn<bool>("cliOnPath");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QString>("warning"); ///< a part of a warning; empty: no warnings

    const QString none;
    QTest::newRow("service principal in a profile") << QStringList() << u"sp"_s << false << u"oauth-m2m"_s
                                                    << u"sp-id"_s << none;
    QTest::newRow("service principal from the environment")
        << QStringList{u"DATABRICKS_HOST=https://dbc-env.cloud.databricks.com"_s, u"DATABRICKS_CLIENT_ID=env-id"_s,
                       u"DATABRICKS_CLIENT_SECRET=env-secret-9999"_s}
        << none << false << u"oauth-m2m"_s << u"env-id"_s << none;
    QTest::newRow("token wins over a service principal") << QStringList() << u"sp-and-pat"_s << false << u"pat"_s
                                                         << u"sp-id"_s << u"oauth, pat"_s;
    QTest::newRow("auth_type oauth-m2m picks it over the token") << QStringList() << u"sp-typed"_s << false
                                                                 << u"oauth-m2m"_s << u"sp-id"_s << none;
    QTest::newRow("auth_type oauth-m2m without secret") << QStringList() << u"sp-nosecret"_s << false << none
                                                        << u"sp-id"_s << u"lacks client_id or client_secret"_s;
    QTest::newRow("host only, CLI on PATH") << QStringList() << u"hostonly"_s << true << u"databricks-cli"_s << none
                                            << none;
    QTest::newRow("host only, no CLI") << QStringList() << u"hostonly"_s << false << none << none
                                       << u"databricks auth login --host https://dbc-hostonly.cloud.databricks.com"_s;
    QTest::newRow("auth_type azure-cli") << QStringList() << u"azure"_s << true << none << none << u"azure-cli"_s;
}

void TstDatabricksConfig::authMethods()
{
    QFETCH(QStringList, env);
    QFETCH(QString, profile);
    QFETCH(bool, cliOnPath);
    QFETCH(QString, method);
    QFETCH(QString, clientId);
    QFETCH(QString, warning);

    const QByteArray secret = "sp-secret-8888";
    const QByteArray file = "[sp]\nhost = https://dbc-sp.cloud.databricks.com\nclient_id = sp-id\nclient_secret = " + secret
        + "\n[sp-and-pat]\nhost = https://dbc-sp.cloud.databricks.com\nclient_id = sp-id\nclient_secret = " + secret
        + "\ntoken = " + DotToken
        + "\n[sp-typed]\nhost = https://dbc-sp.cloud.databricks.com\nclient_id = sp-id\nclient_secret = " + secret
        + "\ntoken = " + DotToken + "\nauth_type = oauth-m2m"
        + "\n[sp-nosecret]\nhost = https://dbc-sp.cloud.databricks.com\nclient_id = sp-id\nauth_type = oauth-m2m"
        + "\n[hostonly]\nhost = https://dbc-hostonly.cloud.databricks.com\n"
        + "[azure]\nhost = https://adb-1.azuredatabricks.net\nauth_type = azure-cli\n";
    QTemporaryDir bin;
    QVERIFY(bin.isValid());
    QHash<QString, QString> vars = envFrom(env);
    vars.insert(u"PATH"_s, bin.path());
    if (cliOnPath) {
        QFile cli(bin.filePath(u"databricks"_s));
        QVERIFY(cli.open(QIODevice::WriteOnly));
        cli.write("#!/bin/sh\nexit 0\n");
        cli.close();
        QVERIFY(cli.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    }
    const DatabricksResolution r = resolveDatabricks(vars, profile, Home, [&](const QString &) { return std::optional(file); });
    const QString all = r.source + r.error + r.warnings.join(u'\n');
    QVERIFY(!all.contains(QString::fromLatin1(secret)) && !all.contains(u"env-secret-9999"_s));
    QCOMPARE(r.method, method);
    QCOMPARE(r.clientId, clientId);
    QCOMPARE(r.isUsable(), !method.isEmpty());
    if (method == u"oauth-m2m"_s)
        QVERIFY(r.clientSecret == (env.isEmpty() ? secret : QByteArray("env-secret-9999")));
    if (warning.isEmpty())
        QCOMPARE(r.warnings, QStringList());
    else
        QVERIFY2(r.warnings.join(u'\n').contains(warning), qPrintable(r.warnings.join(u'\n')));
}

void TstDatabricksConfig::profiles_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QStringList>("expected");

    const QStringList all{u"DEFAULT"_s,    u"azure-pat"_s,     u"pat.with.dot"_s, u"oauth-user"_s,
                          u"hostonly"_s, u"basic-and-pat"_s, u"explicit-pat"_s};
    QTest::newRow("sample") << Config << all;
    QTest::newRow("__settings__ left out") << ConfigWithSettings << all;
    QTest::newRow("no [DEFAULT]") << ConfigWithoutDefault << QStringList{u"azure-pat"_s};
    QTest::newRow("empty [DEFAULT] left out") << ConfigWithEmptyDefault << QStringList{u"azure-pat"_s};
    QTest::newRow("[DEFAULT] last in the file, first in the list")
        << QByteArray("[b]\nhost = x\n[a]\nhost = y\n[DEFAULT]\nhost = z\n")
        << QStringList{u"DEFAULT"_s, u"b"_s, u"a"_s};
    QTest::newRow("empty file") << QByteArray() << QStringList();
}

void TstDatabricksConfig::profiles()
{
    QFETCH(QByteArray, file);
    QFETCH(QStringList, expected);
    QCOMPARE(databricksProfiles(squint::parseIni(file)), expected);
}

void TstDatabricksConfig::realFiles()
{
    QTemporaryDir home;
    QVERIFY(home.isValid());
    QFile cfg(QDir(home.path()).filePath(u".databrickscfg"_s));
    QVERIFY(cfg.open(QIODevice::WriteOnly));
    QVERIFY(cfg.write(ConfigWithSettings) == ConfigWithSettings.size());
    cfg.close();

    const DatabricksResolution r = resolveDatabricks({}, QString(), home.path(), &readSmallFile);
    QVERIFY(tokenFree(r));
    QVERIFY(r.token == AzureToken);
    QCOMPARE(r.host, u"https://adb-123.4.azuredatabricks.net"_s);
    QCOMPARE(r.profile, u"azure-pat"_s);
    QCOMPARE(r.configFile, cfg.fileName());
    QVERIFY(r.isUsable());

    // DATABRICKS_CONFIG_FILE with ~, into a subfolder of the temporary home.
    QVERIFY(QDir(home.path()).mkdir(u"sub"_s));
    QFile other(QDir(home.path()).filePath(u"sub/dbx.cfg"_s));
    QVERIFY(other.open(QIODevice::WriteOnly));
    QVERIFY(other.write(OtherConfig) == OtherConfig.size());
    other.close();
    const DatabricksResolution o = resolveDatabricks({{u"DATABRICKS_CONFIG_FILE"_s, u"~/sub/dbx.cfg"_s}}, QString(),
                                                     home.path(), &readSmallFile);
    QVERIFY(tokenFree(o));
    QVERIFY(o.token == OtherFileToken);
    QCOMPARE(o.host, u"https://other.cloud.databricks.com"_s);

    // A home without the file: nothing, and no error.
    QTemporaryDir empty;
    QVERIFY(empty.isValid());
    QVERIFY(!readSmallFile(QDir(empty.path()).filePath(u".databrickscfg"_s)));
    const DatabricksResolution n = resolveDatabricks({}, QString(), empty.path(), &readSmallFile);
    QVERIFY(!n.isUsable());
    QCOMPARE(n.error, QString());
    QCOMPARE(n.warnings, QStringList());
    QCOMPARE(n.host, QString());
}

QTEST_GUILESS_MAIN(TstDatabricksConfig)
#include "tst_databricksconfig.moc"
