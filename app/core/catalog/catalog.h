#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace squint {

class Settings;

/// How a model turns one image into input tokens. The parameters are read from the catalog.
struct TokenFormula
{
    enum class Kind {
        ClaudeArea,    ///< scale to the long edge / token cap, then ceil(w*h/divisor)  [A1]
        OpenAiTiles,   ///< fit in fitBox, shortest side to shortSide, base + perTile * 512-px tiles  [O1][O2]
        OpenAiPatches, ///< patchSize-px patches (32), budget, multiplier; long edge first fit to maxLongEdge  [O2]
        FixedPerImage, ///< perImage tokens whatever the size (Gemma 3: 256)  [M1]
        Llama4Tiles,   ///< 336-px tiles, at most maxTiles, 144 per tile plus a global tile  [L2]
        GeminiTiles,   ///< 258 if both sides <= 384, else 258 per crop unit  [G1]
        Generic,       ///< unknown model: a deliberately high estimate (w*h/750, at most cap)
    };
    Kind kind = Kind::Generic;
    int base = 0;
    int perTile = 0;
    int tileSize = 512;
    int fitBox = 2048;
    int shortSide = 768;
    int perImage = 0;
    int maxTiles = 0;
    int divisor = 750;
    int maxLongEdge = 0;
    int cap = 0;
    double multiplier = 1.0;
    int patchBudget = 0;
    int patchSize = 32; ///< OpenAiPatches: side of one token's patch (Qwen2.5-VL: 28)
};

/// The limits Squint checks before anything is sent. Zero means "no limit known".
struct ModelLimits
{
    QStringList formats;                ///< Qt format names the model accepts: jpeg, png, gif, webp...
    int maxImages = 0;                  ///< images per request
    qint64 maxRequestBytes = 0;         ///< whole JSON request body
    qint64 maxImageBytes = 0;           ///< one image, measured as base64 (the stricter reading)
    int maxPixelsPerSide = 0;           ///< hard cap on width and height
    int manyImagesThreshold = 0;        ///< above this many images...
    int manyImagesMaxPixelsPerSide = 0; ///< ...this stricter side cap applies (Claude: 20 / 2000 px)
    int recommendedLongEdge = 0;        ///< what "Fit to model" scales to

    /// The side cap that applies when the request holds `imageCount` images.
    int maxPixelsFor(int imageCount) const;
    bool accepts(const QString &format) const;
};

/// Names of the fields a user can override, as used in settings keys and the catalog JSON.
namespace LimitField {
inline constexpr auto MaxImages = "maxImages";
inline constexpr auto MaxRequestBytes = "maxRequestBytes";
inline constexpr auto MaxImageBytes = "maxImageBytes";
inline constexpr auto MaxPixelsPerSide = "maxPixelsPerSide";
inline constexpr auto RecommendedLongEdge = "recommendedLongEdge";
QStringList all();
} // namespace LimitField

/// Which request parameters a model family takes (docs/protocol.md 1.2): OpenAI's reasoning models
/// (o1, o3, o4-mini, the GPT-5 family) refuse max_tokens and any temperature or top_p but the
/// default.
struct ModelParameters
{
    QString tokenField;   ///< "max_tokens" or "max_completion_tokens"; empty: the connection's choice
    bool sampling = true; ///< temperature and top_p may be set
    QString source;       ///< source tag of these facts
};

/// Everything Squint knows about one model (or family) as seen through one endpoint name.
struct ModelProfile
{
    QString endpoint;    ///< the name the user chose, e.g. databricks-claude-sonnet-4-5
    QString familyId;    ///< catalog family, e.g. claude
    QString displayName; ///< e.g. "Claude Sonnet 4.5 on Databricks"
    QString platform;    ///< "databricks" or empty
    bool generic = false;
    QStringList notes;   ///< caveats shown to the user (unconfirmed figures and the like)
    ModelLimits limits;
    TokenFormula tokens;
    ModelParameters parameters;
    /// Where each limit comes from: field name -> source tag or text ("seed", "A1", "override").
    QHash<QString, QString> sources;
    QStringList overridden; ///< fields the user has overridden
};

/// The model catalog: families, platforms and name patterns, loaded from JSON (resources/catalog).
/// Lookup is a pure function of the name and the overrides; nothing here touches the network.
class Catalog
{
public:
    /// Loads the catalog compiled into the binary (":/catalog/models.json").
    static Catalog builtIn();
    /// Parses catalog JSON. On failure returns an empty catalog and sets *error.
    static Catalog fromJson(const QByteArray &json, QString *error = nullptr);

    bool isValid() const { return !m_families.isEmpty(); }

    /// The profile for an endpoint or model name. Unknown names get the generic profile
    /// (profile.generic == true). Patterns are globs matched case-insensitively, first match wins;
    /// '*' spans '/' too, so "*gemma-3*" matches "google/gemma-3-12b-it". A name that starts with an
    /// alias prefix ("system.ai.claude-sonnet-4-5") is looked up as its replacement
    /// ("databricks-claude-sonnet-4-5").
    ModelProfile profileFor(const QString &endpoint) const;

    /// Applies user overrides (field name -> value) on top of a profile.
    static ModelProfile withOverrides(ModelProfile profile, const QHash<QString, qint64> &overrides);

    /// The profile Squint works with for a model: profileFor(name) with the limits the user
    /// overrode for that name in `settings` (none when `settings` is null). The name is trimmed.
    ModelProfile profileWithOverrides(const QString &name, const Settings *settings) const;

    /// Example names offered in the model picker, in catalog order.
    QStringList suggestedNames() const { return m_suggested; }
    /// Source tag -> full citation.
    QString sourceText(const QString &tag) const { return m_sourceTexts.value(tag, tag); }

private:
    struct Family
    {
        QString id;
        QString name;
        ModelLimits limits;
        TokenFormula tokens;
        ModelParameters parameters;
        QHash<QString, QString> sources;
        QStringList notes;
    };
    struct Platform
    {
        QString id;
        QString name;
        QStringList match;
        QHash<QString, qint64> caps; ///< field -> cap applied as min(provider, cap)
        QHash<QString, QString> capSources;
        QStringList notes;
    };
    struct Entry
    {
        QString pattern;
        QString familyId;
        QString displayName;
        QHash<QString, qint64> caps; ///< per-entry platform caps (seed rows)
        QHash<QString, QString> capSources;
        QHash<QString, qint64> set; ///< per-entry values replacing the family's
        QHash<QString, QString> setSources;
    };

    struct Alias
    {
        QString prefix;      ///< e.g. "system.ai." (AI Gateway model services)
        QString replacement; ///< e.g. "databricks-" (the serving endpoint's name)
    };

    QHash<QString, Family> m_families;
    QList<Alias> m_aliases;
    QList<Platform> m_platforms;
    QList<Entry> m_entries;
    QString m_genericFamily;
    QStringList m_suggested;
    QHash<QString, QString> m_sourceTexts;
};

} // namespace squint
