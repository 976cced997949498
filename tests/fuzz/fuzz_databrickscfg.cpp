// .databrickscfg (app/core/databricksconfig.h): parseIni, databricksProfiles, and resolveDatabricks
// reading the input as the config file, for the default profile and for each profile it names.
// Promise checked: a token or client secret (when one is found) never shows in source, error or warnings.

#include "fuzzsupport.h"

#include "core/connections/databricksconfig.h"

namespace {

void checkNoToken(const squint::DatabricksResolution &r)
{
    for (const QByteArray &secret : {r.token, r.clientSecret}) {
        // Short secrets could be ordinary words of the messages; real ones are long.
        if (secret.size() < 16)
            continue;
        const QString text = QString::fromUtf8(secret);
        if (r.source.contains(text) || r.error.contains(text) || r.warnings.join(QLatin1Char('\n')).contains(text))
            fuzz::broken("a token or client secret shows in a message");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray in = fuzz::bytes(data, size);
    const squint::IniFile ini = squint::parseIni(in);
    for (const squint::IniFile::Section &s : ini.sections)
        for (const QString &k : s.keys)
            (void)ini.value(s.name, k);
    const QStringList profiles = squint::databricksProfiles(ini);

    const squint::FileReader reader = [&in](const QString &) { return std::optional<QByteArray>(in); };
    const QHash<QString, QString> env;
    checkNoToken(squint::resolveDatabricks(env, {}, QStringLiteral("/home/fuzz"), reader));
    for (qsizetype i = 0; i < std::min<qsizetype>(profiles.size(), 4); ++i)
        checkNoToken(squint::resolveDatabricks(env, profiles.at(i), QStringLiteral("/home/fuzz"), reader));
    return 0;
}
