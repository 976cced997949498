#include "core/catalog/catalog.h"

#include "core/util/enumnames.h"
#include "core/util/settings.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace squint {

int ModelLimits::maxPixelsFor(int imageCount) const
{
    if (manyImagesThreshold > 0 && imageCount > manyImagesThreshold && manyImagesMaxPixelsPerSide > 0) {
        return maxPixelsPerSide > 0 ? std::min(maxPixelsPerSide, manyImagesMaxPixelsPerSide)
                                    : manyImagesMaxPixelsPerSide;
    }
    return maxPixelsPerSide;
}

bool ModelLimits::accepts(const QString &format) const
{
    const QString f = format.toLower();
    if (formats.contains(f))
        return true;
    // jpg is an alias of jpeg for Qt; heif and heic are one container.
    if (f == QLatin1String("jpg"))
        return formats.contains(QLatin1String("jpeg"));
    return false;
}

QStringList LimitField::all()
{
    return {QLatin1String(MaxImages), QLatin1String(MaxRequestBytes), QLatin1String(MaxImageBytes),
            QLatin1String(MaxPixelsPerSide), QLatin1String(RecommendedLongEdge)};
}

namespace {


// The five overridable fields mix int and qint64; this writes one of them by name.
bool setField(ModelLimits &l, const QString &field, qint64 value)
{
    if (field == QLatin1String(LimitField::MaxImages))
        l.maxImages = int(value);
    else if (field == QLatin1String(LimitField::MaxRequestBytes))
        l.maxRequestBytes = value;
    else if (field == QLatin1String(LimitField::MaxImageBytes))
        l.maxImageBytes = value;
    else if (field == QLatin1String(LimitField::MaxPixelsPerSide))
        l.maxPixelsPerSide = int(value);
    else if (field == QLatin1String(LimitField::RecommendedLongEdge))
        l.recommendedLongEdge = int(value);
    else
        return false;
    return true;
}

qint64 getField(const ModelLimits &l, const QString &field)
{
    if (field == QLatin1String(LimitField::MaxImages))
        return l.maxImages;
    if (field == QLatin1String(LimitField::MaxRequestBytes))
        return l.maxRequestBytes;
    if (field == QLatin1String(LimitField::MaxImageBytes))
        return l.maxImageBytes;
    if (field == QLatin1String(LimitField::MaxPixelsPerSide))
        return l.maxPixelsPerSide;
    if (field == QLatin1String(LimitField::RecommendedLongEdge))
        return l.recommendedLongEdge;
    return 0;
}

constexpr EnumName<TokenFormula::Kind> TokenFormulaNames[] = {
    {TokenFormula::Kind::ClaudeArea, u"claude_area"},
    {TokenFormula::Kind::OpenAiTiles, u"openai_tiles"},
    {TokenFormula::Kind::OpenAiPatches, u"openai_patches"},
    {TokenFormula::Kind::FixedPerImage, u"fixed"},
    {TokenFormula::Kind::Llama4Tiles, u"llama4_tiles"},
    {TokenFormula::Kind::GeminiTiles, u"gemini_tiles"},
    {TokenFormula::Kind::Generic, u"generic"},
};

TokenFormula::Kind kindFromString(const QString &s, bool *ok)
{
    const std::optional<TokenFormula::Kind> kind = valueOf(TokenFormulaNames, s);
    *ok = kind.has_value();
    return kind.value_or(TokenFormula::Kind::Generic);
}

TokenFormula parseTokens(const QJsonObject &o, bool *ok)
{
    TokenFormula t;
    t.kind = kindFromString(o.value(QLatin1String("kind")).toString(), ok);
    t.base = o.value(QLatin1String("base")).toInt(t.base);
    t.perTile = o.value(QLatin1String("perTile")).toInt(t.perTile);
    t.tileSize = o.value(QLatin1String("tileSize")).toInt(t.tileSize);
    t.fitBox = o.value(QLatin1String("fitBox")).toInt(t.fitBox);
    t.shortSide = o.value(QLatin1String("shortSide")).toInt(t.shortSide);
    t.perImage = o.value(QLatin1String("perImage")).toInt(t.perImage);
    t.maxTiles = o.value(QLatin1String("maxTiles")).toInt(t.maxTiles);
    t.divisor = o.value(QLatin1String("divisor")).toInt(t.divisor);
    t.maxLongEdge = o.value(QLatin1String("maxLongEdge")).toInt(t.maxLongEdge);
    t.cap = o.value(QLatin1String("cap")).toInt(t.cap);
    t.multiplier = o.value(QLatin1String("multiplier")).toDouble(t.multiplier);
    t.patchBudget = o.value(QLatin1String("patchBudget")).toInt(t.patchBudget);
    t.patchSize = o.value(QLatin1String("patchSize")).toInt(t.patchSize);
    return t;
}

// Reads {"field": {"value": N, "source": "TAG"}} pairs into values and sources.
void readValues(const QJsonObject &o, QHash<QString, qint64> *values, QHash<QString, QString> *sources)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QJsonObject v = it.value().toObject();
        values->insert(it.key(), v.value(QLatin1String("value")).toInteger());
        sources->insert(it.key(), v.value(QLatin1String("source")).toString());
    }
}

QStringList toStringList(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &x : v.toArray())
        out << x.toString();
    return out;
}

// Model names are not paths: a '*' must also span the '/' of Hugging Face repository names
// ("Qwen/Qwen2.5-VL-7B-Instruct"), which Qt's wildcard conversion (Qt 6.4) stops at. So the glob is
// converted here: '*' any run, '?' one character, everything else literal.
bool globMatches(const QString &pattern, const QString &name)
{
    QString rx;
    rx.reserve(pattern.size() * 2);
    for (const QChar c : pattern) {
        if (c == u'*')
            rx += QLatin1String(".*");
        else if (c == u'?')
            rx += u'.';
        else
            rx += QRegularExpression::escape(QString(c));
    }
    const QRegularExpression re(QRegularExpression::anchoredPattern(rx),
                                QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption);
    return re.match(name).hasMatch();
}

} // namespace

Catalog Catalog::builtIn()
{
    QFile f(QStringLiteral(":/catalog/models.json"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return fromJson(f.readAll());
}

Catalog Catalog::fromJson(const QByteArray &json, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return Catalog{};
    };
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (doc.isNull())
        return fail(pe.errorString());
    const QJsonObject root = doc.object();
    if (root.value(QLatin1String("version")).toInt() != 1)
        return fail(QStringLiteral("unsupported catalog version"));

    Catalog c;
    const QJsonObject sources = root.value(QLatin1String("sources")).toObject();
    for (auto it = sources.begin(); it != sources.end(); ++it)
        c.m_sourceTexts.insert(it.key(), it.value().toString());

    const QJsonObject families = root.value(QLatin1String("families")).toObject();
    for (auto it = families.begin(); it != families.end(); ++it) {
        const QJsonObject o = it.value().toObject();
        Family fam;
        fam.id = it.key();
        fam.name = o.value(QLatin1String("name")).toString();
        const QJsonObject formats = o.value(QLatin1String("formats")).toObject();
        fam.limits.formats = toStringList(formats.value(QLatin1String("value")));
        fam.sources.insert(QStringLiteral("formats"), formats.value(QLatin1String("source")).toString());
        for (const QString &field : LimitField::all()) {
            const QJsonObject v = o.value(field).toObject();
            if (v.isEmpty())
                return fail(QStringLiteral("family %1 lacks %2").arg(fam.id, field));
            setField(fam.limits, field, v.value(QLatin1String("value")).toInteger());
            fam.sources.insert(field, v.value(QLatin1String("source")).toString());
        }
        const QJsonObject many = o.value(QLatin1String("manyImages")).toObject();
        if (!many.isEmpty()) {
            fam.limits.manyImagesThreshold = many.value(QLatin1String("threshold")).toInt();
            fam.limits.manyImagesMaxPixelsPerSide = many.value(QLatin1String("maxPixelsPerSide")).toInt();
            fam.sources.insert(QStringLiteral("manyImages"), many.value(QLatin1String("source")).toString());
        }
        bool ok = false;
        const QJsonObject tokens = o.value(QLatin1String("tokens")).toObject();
        fam.tokens = parseTokens(tokens, &ok);
        if (!ok)
            return fail(QStringLiteral("family %1 has an unknown token formula").arg(fam.id));
        fam.sources.insert(QStringLiteral("tokens"), tokens.value(QLatin1String("source")).toString());
        fam.notes = toStringList(o.value(QLatin1String("notes")));
        // {"parameters": {"tokenField": "max_completion_tokens", "sampling": false, "source": "TAG"}}
        const QJsonObject params = o.value(QLatin1String("parameters")).toObject();
        fam.parameters.tokenField = params.value(QLatin1String("tokenField")).toString();
        if (!fam.parameters.tokenField.isEmpty() && fam.parameters.tokenField != QLatin1String("max_tokens")
            && fam.parameters.tokenField != QLatin1String("max_completion_tokens"))
            return fail(QStringLiteral("family %1 has an unknown tokenField").arg(fam.id));
        fam.parameters.sampling = params.value(QLatin1String("sampling")).toBool(true);
        fam.parameters.source = params.value(QLatin1String("source")).toString();
        c.m_families.insert(fam.id, fam);
    }

    for (const QJsonValue &pv : root.value(QLatin1String("platforms")).toArray()) {
        const QJsonObject o = pv.toObject();
        Platform p;
        p.id = o.value(QLatin1String("id")).toString();
        p.name = o.value(QLatin1String("name")).toString();
        p.match = toStringList(o.value(QLatin1String("match")));
        readValues(o.value(QLatin1String("caps")).toObject(), &p.caps, &p.capSources);
        p.notes = toStringList(o.value(QLatin1String("notes")));
        c.m_platforms << p;
    }

    for (const QJsonValue &mv : root.value(QLatin1String("models")).toArray()) {
        const QJsonObject o = mv.toObject();
        Entry e;
        e.pattern = o.value(QLatin1String("match")).toString();
        e.familyId = o.value(QLatin1String("family")).toString();
        e.displayName = o.value(QLatin1String("name")).toString();
        if (!c.m_families.contains(e.familyId))
            return fail(QStringLiteral("model %1 names unknown family %2").arg(e.pattern, e.familyId));
        readValues(o.value(QLatin1String("caps")).toObject(), &e.caps, &e.capSources);
        readValues(o.value(QLatin1String("set")).toObject(), &e.set, &e.setSources);
        c.m_entries << e;
    }

    for (const QJsonValue &av : root.value(QLatin1String("aliases")).toArray()) {
        const QJsonObject o = av.toObject();
        const QString prefix = o.value(QLatin1String("prefix")).toString();
        if (prefix.isEmpty())
            return fail(QStringLiteral("an alias has no prefix"));
        c.m_aliases << Alias{prefix, o.value(QLatin1String("as")).toString()};
    }

    c.m_genericFamily = root.value(QLatin1String("generic")).toString();
    if (!c.m_families.contains(c.m_genericFamily))
        return fail(QStringLiteral("the generic family is missing"));
    c.m_suggested = toStringList(root.value(QLatin1String("suggested")));
    return c;
}

ModelProfile Catalog::profileFor(const QString &endpoint) const
{
    ModelProfile p;
    p.endpoint = endpoint.trimmed();
    if (!isValid())
        return p;

    // Another name for the same model (an AI Gateway model service for a serving endpoint) is
    // looked up as that name; the profile keeps the name the user chose.
    QString name = p.endpoint;
    for (const Alias &a : m_aliases) {
        if (name.startsWith(a.prefix, Qt::CaseInsensitive)) {
            name = a.replacement + name.mid(a.prefix.size());
            break;
        }
    }

    const Entry *entry = nullptr;
    for (const Entry &e : m_entries) {
        if (globMatches(e.pattern, name)) {
            entry = &e;
            break;
        }
    }
    const Family &fam = m_families[entry ? entry->familyId : m_genericFamily];
    p.familyId = fam.id;
    p.limits = fam.limits;
    p.tokens = fam.tokens;
    p.parameters = fam.parameters;
    p.sources = fam.sources;
    p.notes = fam.notes;
    p.generic = entry == nullptr;
    p.displayName = entry ? entry->displayName : fam.name;

    // A cap can only lower a limit: min(provider, cap); a provider's "no limit" (0) takes the cap.
    auto applyCap = [&p](const QString &field, qint64 cap, const QString &source) {
        const qint64 current = getField(p.limits, field);
        if (current == 0 || cap < current) {
            setField(p.limits, field, cap);
            p.sources.insert(field, source);
        }
    };
    for (const Platform &plat : m_platforms) {
        const bool hit = std::any_of(plat.match.begin(), plat.match.end(),
                                     [&](const QString &g) { return globMatches(g, name); });
        if (!hit)
            continue;
        p.platform = plat.id;
        for (auto it = plat.caps.begin(); it != plat.caps.end(); ++it)
            applyCap(it.key(), it.value(), plat.capSources.value(it.key()));
        p.notes += plat.notes;
        break;
    }
    if (entry) {
        for (auto it = entry->set.begin(); it != entry->set.end(); ++it) {
            setField(p.limits, it.key(), it.value());
            p.sources.insert(it.key(), entry->setSources.value(it.key()));
        }
        for (auto it = entry->caps.begin(); it != entry->caps.end(); ++it)
            applyCap(it.key(), it.value(), entry->capSources.value(it.key()));
    }
    return p;
}

ModelProfile Catalog::withOverrides(ModelProfile profile, const QHash<QString, qint64> &overrides)
{
    for (auto it = overrides.begin(); it != overrides.end(); ++it) {
        if (it.value() < 0 || !setField(profile.limits, it.key(), it.value()))
            continue;
        profile.sources.insert(it.key(), QStringLiteral("override"));
        profile.overridden << it.key();
    }
    return profile;
}

ModelProfile Catalog::profileWithOverrides(const QString &name, const Settings *settings) const
{
    const QString trimmed = name.trimmed();
    ModelProfile profile = profileFor(trimmed);
    return settings ? withOverrides(std::move(profile), settings->limitOverrides(trimmed))
                    : profile;
}

} // namespace squint
