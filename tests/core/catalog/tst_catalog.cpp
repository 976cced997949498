// The model catalog: endpoint names -> family, display name and limits; Databricks caps applied as
// min(provider, cap); sources for every figure; user overrides; malformed catalogs; and the settings
// that store overrides per endpoint.
//
// Provider figures below are quoted from the sources of docs/limits.md section 6 and the
// Databricks caps from the seed rows (10,000,000-byte request; 5 or 500 images). The expected value of
// each limit is computed here as min(provider, cap), not read back from the catalog.

#include "core/catalog/catalog.h"
#include "core/util/settings.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace squint;

namespace {

// Provider limits (0 = none documented).
struct Provider
{
    QString family;
    qint64 maxImages;
    qint64 maxRequestBytes;
    qint64 maxImageBytes;
    qint64 maxPixelsPerSide;
};

const Provider Claude{QStringLiteral("claude"), 100, 32LL * 1024 * 1024, 5'242'880, 8000};        // A1, A3
const Provider Llama4{QStringLiteral("llama4"), 5, 0, 0, 0};                                         // L1
const Provider Gemma3{QStringLiteral("gemma3"), 0, 0, 0, 0};                                         // M1
const Provider Gpt5{QStringLiteral("openai-gpt5"), 1500, 512LL * 1024 * 1024, 0, 0};                 // O2
const Provider Gpt5Mini{QStringLiteral("openai-gpt5-mini"), 1500, 512LL * 1024 * 1024, 0, 0};        // O2
const Provider Gemini2{QStringLiteral("gemini-2"), 3000, 20'000'000, 7'000'000, 0};                  // G1, G2
const Provider Gemini3{QStringLiteral("gemini-3"), 900, 20'000'000, 7'000'000, 0};                   // G1, G2
const Provider Gpt4o{QStringLiteral("openai-gpt4o"), 500, 50LL * 1024 * 1024, 0, 0};                 // O1

constexpr qint64 DatabricksRequestCap = 10'000'000; // seed: "10 MB total"

// min(provider, cap) where 0 means "no limit".
qint64 capped(qint64 provider, qint64 cap)
{
    if (cap <= 0)
        return provider;
    if (provider <= 0)
        return cap;
    return std::min(provider, cap);
}

QByteArray builtInJson()
{
    QFile f(QStringLiteral(":/catalog/models.json"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

QJsonObject builtInObject() { return QJsonDocument::fromJson(builtInJson()).object(); }

QByteArray toJson(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

// Every name the tests look up; sources must be complete for all of them.
QStringList namesToCheck(const Catalog &c)
{
    QStringList names = c.suggestedNames();
    names << QStringLiteral("databricks-claude-3-7-sonnet") << QStringLiteral("databricks-claude-sonnet-4")
          << QStringLiteral("databricks-claude-sonnet-4-5") << QStringLiteral("databricks-claude-opus-4-1")
          << QStringLiteral("databricks-claude-haiku-9") << QStringLiteral("databricks-llama-4-maverick")
          << QStringLiteral("databricks-gemma-3-12b") << QStringLiteral("databricks-gpt-5")
          << QStringLiteral("databricks-gpt-5-mini") << QStringLiteral("databricks-gpt-5-nano")
          << QStringLiteral("databricks-gemini-2-5-pro") << QStringLiteral("databricks-gemini-3-1-pro")
          << QStringLiteral("claude-sonnet-4-5") << QStringLiteral("gpt-4.1-mini") << QStringLiteral("gemini-2.5-flash")
          << QStringLiteral("meta-llama-4-scout") << QStringLiteral("gemma-3-27b-it") << QStringLiteral("my-custom-vlm")
          << QStringLiteral("databricks-my-custom-vlm") << QString() << QStringLiteral("system.ai.claude-sonnet-4-5")
          << QStringLiteral("system.ai.gemma-3-12b") << QStringLiteral("qwen2.5vl:7b") << QStringLiteral("qwen3-vl:8b")
          << QStringLiteral("ggml-org/gemma-3-4b-it-GGUF") << QStringLiteral("llama3.2-vision:11b")
          << QStringLiteral("llava:13b") << QStringLiteral("minicpm-v:8b") << QStringLiteral("mistral-small3.1:24b")
          << QStringLiteral("mistralai/Pixtral-12B-2409") << QStringLiteral("granite3.2-vision")
          << QStringLiteral("moondream");
    return names;
}

QStringList limitKeysOf(const ModelProfile &p)
{
    QStringList keys = LimitField::all();
    keys << QStringLiteral("formats") << QStringLiteral("tokens");
    if (p.limits.manyImagesThreshold > 0)
        keys << QStringLiteral("manyImages");
    return keys;
}

} // namespace

class TestCatalog : public QObject
{
    Q_OBJECT

private slots:
    void builtInIsValid();
    void databricksEndpoints_data();
    void databricksEndpoints();
    void aiGatewayNamesMapToEndpointProfiles_data();
    void aiGatewayNamesMapToEndpointProfiles();
    void localVisionNames_data();
    void localVisionNames();
    void localVisionFigures();
    void claudeManyImagesRule();
    void parameterRules_data();
    void parameterRules();
    void unknownNamesAreGenericAndConservative_data();
    void unknownNamesAreGenericAndConservative();
    void caseInsensitiveAndTrimmed_data();
    void caseInsensitiveAndTrimmed();
    void capsNeverRaiseALimit();
    void everyLimitHasAKnownSource();
    void acceptsFormats();
    void overridesChangeOnlyNamedFields_data();
    void overridesChangeOnlyNamedFields();
    void overridesIgnoreUnknownAndNegative();
    void fromJsonRejects_data();
    void fromJsonRejects();
    void fromJsonAcceptsTheBuiltInText();
    void settingsRoundTripOverrides_data();
    void settingsRoundTripOverrides();
    void settingsKeepEndpointsApart();
    void profileWithOverridesReadsTheSettings();
    void settingsWriteNothingTokenLike();
    void settingsFolderCap();
};

void TestCatalog::builtInIsValid()
{
    const QByteArray json = builtInJson();
    QVERIFY2(!json.isEmpty(), "the catalog is not compiled into the binary");
    QJsonParseError pe;
    QVERIFY2(!QJsonDocument::fromJson(json, &pe).isNull(), qPrintable(pe.errorString()));
    QString error;
    const Catalog c = Catalog::fromJson(json, &error);
    QVERIFY2(c.isValid(), qPrintable(error));
    QVERIFY(Catalog::builtIn().isValid());
    QVERIFY(!c.suggestedNames().isEmpty());
    // Every suggested name is in the catalog (not generic).
    for (const QString &n : c.suggestedNames())
        QVERIFY2(!c.profileFor(n).generic, qPrintable(n));
}

void TestCatalog::databricksEndpoints_data()
{
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("family");
    QTest::addColumn<QString>("displayName");
    QTest::addColumn<qint64>("maxImages");
    QTest::addColumn<qint64>("maxRequestBytes");
    QTest::addColumn<qint64>("maxImageBytes");
    QTest::addColumn<qint64>("maxPixelsPerSide");

    // Seed rows: Claude, GPT and Gemini endpoints take the "500 images" row; Llama 4 and Gemma 3 the "5".
    auto row = [](const char *endpoint, const Provider &p, const char *display, qint64 imageCap) {
        QTest::newRow(endpoint) << QString::fromLatin1(endpoint) << p.family << QString::fromUtf8(display)
                                << capped(p.maxImages, imageCap) << capped(p.maxRequestBytes, DatabricksRequestCap)
                                << p.maxImageBytes << p.maxPixelsPerSide;
    };
    row("databricks-claude-3-7-sonnet", Claude, "Claude 3.7 Sonnet on Databricks", 500);
    row("databricks-claude-sonnet-4", Claude, "Claude Sonnet 4 on Databricks", 500);
    row("databricks-claude-sonnet-4-5", Claude, "Claude Sonnet 4.5 on Databricks", 500);
    row("databricks-claude-opus-4-1", Claude, "Claude Opus 4.x on Databricks", 500);
    row("databricks-llama-4-maverick", Llama4, "Llama 4 Maverick on Databricks", 5);
    row("databricks-gemma-3-12b", Gemma3, "Gemma 3 12B on Databricks", 5);
    row("databricks-gpt-5", Gpt5, "GPT-5 on Databricks", 500);
    row("databricks-gpt-5-mini", Gpt5Mini, "GPT-5 mini on Databricks", 500);
    row("databricks-gemini-2-5-pro", Gemini2, "Gemini 2.x on Databricks", 500);
    row("databricks-gemini-3-1-pro", Gemini3, "Gemini 3 on Databricks", 500);
}

void TestCatalog::databricksEndpoints()
{
    QFETCH(QString, endpoint);
    QFETCH(QString, family);
    QFETCH(QString, displayName);
    QFETCH(qint64, maxImages);
    QFETCH(qint64, maxRequestBytes);
    QFETCH(qint64, maxImageBytes);
    QFETCH(qint64, maxPixelsPerSide);

    const ModelProfile p = Catalog::builtIn().profileFor(endpoint);
    QCOMPARE(p.endpoint, endpoint);
    QVERIFY(!p.generic);
    QCOMPARE(p.familyId, family);
    QCOMPARE(p.displayName, displayName);
    QCOMPARE(p.platform, QStringLiteral("databricks"));
    QCOMPARE(qint64(p.limits.maxImages), maxImages);
    QCOMPARE(p.limits.maxRequestBytes, maxRequestBytes);
    QCOMPARE(p.limits.maxImageBytes, maxImageBytes);
    QCOMPARE(qint64(p.limits.maxPixelsPerSide), maxPixelsPerSide);
    QVERIFY(p.limits.recommendedLongEdge > 0);
    QVERIFY(p.limits.accepts(QStringLiteral("jpeg")));
    QVERIFY(p.limits.accepts(QStringLiteral("png")));
    // The platform note (D3's 4 MB figure) reaches the user.
    QVERIFY(std::any_of(p.notes.begin(), p.notes.end(), [](const QString &n) { return n.contains(QLatin1String("4 MB")); }));

    // The binding source is the one that won: the seed cap where it is lower than the provider's value.
    const QString requestSource = p.sources.value(QLatin1String(LimitField::MaxRequestBytes));
    QCOMPARE(requestSource, QStringLiteral("seed")); // 10 MB is below every provider's request figure
}

void TestCatalog::aiGatewayNamesMapToEndpointProfiles_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("family");
    // D8: AI Gateway model services are named system.ai.<model>; the serving endpoint is databricks-<model>.
    QTest::newRow("claude sonnet 4.5") << QStringLiteral("system.ai.claude-sonnet-4-5")
                                       << QStringLiteral("databricks-claude-sonnet-4-5") << Claude.family;
    QTest::newRow("claude 3.7") << QStringLiteral("system.ai.claude-3-7-sonnet")
                                << QStringLiteral("databricks-claude-3-7-sonnet") << Claude.family;
    QTest::newRow("llama 4") << QStringLiteral("system.ai.llama-4-maverick") << QStringLiteral("databricks-llama-4-maverick")
                             << Llama4.family;
    QTest::newRow("gemma 3") << QStringLiteral("system.ai.gemma-3-12b") << QStringLiteral("databricks-gemma-3-12b")
                             << Gemma3.family;
    QTest::newRow("gpt-5 mini") << QStringLiteral("system.ai.gpt-5-mini") << QStringLiteral("databricks-gpt-5-mini")
                                << Gpt5Mini.family;
    QTest::newRow("gemini 2.5") << QStringLiteral("system.ai.gemini-2-5-pro") << QStringLiteral("databricks-gemini-2-5-pro")
                                << Gemini2.family;
    QTest::newRow("upper case, spaces") << QStringLiteral(" SYSTEM.AI.Claude-Sonnet-4 ")
                                        << QStringLiteral("databricks-claude-sonnet-4") << Claude.family;
}

void TestCatalog::aiGatewayNamesMapToEndpointProfiles()
{
    QFETCH(QString, name);
    QFETCH(QString, endpoint);
    QFETCH(QString, family);
    const Catalog c = Catalog::builtIn();
    const ModelProfile g = c.profileFor(name);
    const ModelProfile e = c.profileFor(endpoint);
    QVERIFY(!e.generic);
    QVERIFY(!g.generic);
    QCOMPARE(g.endpoint, name.trimmed()); // the name the user chose is what is sent
    QCOMPARE(g.familyId, family);
    QCOMPARE(g.familyId, e.familyId);
    QCOMPARE(g.displayName, e.displayName);
    QCOMPARE(g.platform, QStringLiteral("databricks"));
    QCOMPARE(g.limits.formats, e.limits.formats);
    QCOMPARE(g.limits.maxImages, e.limits.maxImages);
    QCOMPARE(g.limits.maxRequestBytes, e.limits.maxRequestBytes);
    QCOMPARE(g.limits.maxImageBytes, e.limits.maxImageBytes);
    QCOMPARE(g.limits.maxPixelsPerSide, e.limits.maxPixelsPerSide);
    QCOMPARE(g.limits.manyImagesThreshold, e.limits.manyImagesThreshold);
    QCOMPARE(g.limits.recommendedLongEdge, e.limits.recommendedLongEdge);
    QCOMPARE(g.tokens.kind, e.tokens.kind);
    QCOMPARE(g.notes, e.notes);
    QCOMPARE(g.sources, e.sources);
    // The seed's 10 MB Databricks cap applies through the gateway name too.
    QCOMPARE(g.limits.maxRequestBytes, DatabricksRequestCap);
}

void TestCatalog::localVisionNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("family");
    // As Ollama (name:tag), vLLM (Hugging Face repo) and llama.cpp (repo or file path) report them.
    const QList<QPair<const char *, const char *>> rows = {
        {"qwen2.5vl:7b", "qwen2.5-vl"},
        {"qwen2.5vl:72b-q4_K_M", "qwen2.5-vl"},
        {"Qwen/Qwen2.5-VL-7B-Instruct", "qwen2.5-vl"},
        {"Qwen/Qwen2.5-VL-32B-Instruct-AWQ", "qwen2.5-vl"},
        {"unsloth/Qwen2.5-VL-7B-Instruct-GGUF:Q4_K_M", "qwen2.5-vl"},
        {"qwen3-vl:8b", "qwen3-vl"},
        {"Qwen/Qwen3-VL-8B-Instruct", "qwen3-vl"},
        {"gemma3:12b", "gemma3"},
        {"gemma3:4b-it-qat", "gemma3"},
        {"ggml-org/gemma-3-4b-it-GGUF", "gemma3"},
        {"google/gemma-3-12b-it", "gemma3"},
        {"/models/gemma-3-4b-it-Q4_K_M.gguf", "gemma3"},
        {"llama3.2-vision", "llama3.2-vision"},
        {"llama3.2-vision:11b", "llama3.2-vision"},
        {"llama3.2-vision:90b-instruct-q4_K_M", "llama3.2-vision"},
        {"meta-llama/Llama-3.2-11B-Vision-Instruct", "llama3.2-vision"},
        {"llava:13b", "llava-1.6"},
        {"llava:7b-v1.6-mistral-q4_0", "llava-1.6"},
        {"llava-hf/llava-v1.6-mistral-7b-hf", "llava-1.6"},
        {"minicpm-v:8b", "minicpm-v"},
        {"openbmb/MiniCPM-V-2_6", "minicpm-v"},
        {"mistral-small3.1:24b", "mistral-small-3.1"},
        {"mistralai/Mistral-Small-3.1-24B-Instruct-2503", "mistral-small-3.1"},
        {"mistralai/Pixtral-12B-2409", "pixtral"},
        {"granite3.2-vision", "granite-vision"},
        {"granite3.2-vision:2b", "granite-vision"},
        {"ibm-granite/granite-vision-3.2-2b", "granite-vision"},
        {"moondream", "moondream"},
        {"moondream:1.8b-v2-q4_0", "moondream"},
        {"vikhyatk/moondream2", "moondream"},
    };
    for (const auto &[name, family] : rows)
        QTest::newRow(name) << QString::fromLatin1(name) << QString::fromLatin1(family);
}

void TestCatalog::localVisionNames()
{
    QFETCH(QString, name);
    QFETCH(QString, family);
    const ModelProfile p = Catalog::builtIn().profileFor(name);
    QVERIFY2(!p.generic, qPrintable(name));
    QCOMPARE(p.familyId, family);
    QCOMPARE(p.platform, QString()); // a local server, no Databricks cap
    QVERIFY(p.limits.accepts(QStringLiteral("jpeg")));
    QVERIFY(p.limits.accepts(QStringLiteral("png")));
    QVERIFY(p.limits.recommendedLongEdge > 0);
}

void TestCatalog::localVisionFigures()
{
    const Catalog c = Catalog::builtIn();
    const ModelProfile generic = c.profileFor(QStringLiteral("my-custom-vlm"));

    // L5: one image per request; L4: 4 tiles of 560 px, (560/14)^2 + 1 positions each.
    const ModelProfile llama = c.profileFor(QStringLiteral("llama3.2-vision:11b"));
    QCOMPARE(llama.limits.maxImages, 1);
    QCOMPARE(llama.sources.value(QLatin1String(LimitField::MaxImages)), QStringLiteral("L5"));
    QCOMPARE(llama.limits.recommendedLongEdge, 2 * 560);
    QCOMPARE(llama.tokens.kind, TokenFormula::Kind::FixedPerImage);
    QCOMPARE(llama.tokens.perImage, 4 * ((560 / 14) * (560 / 14) + 1));

    // Q1: 14-px patches merged 2x2 (28 px per token), max_pixels 12845056 = 16384 tokens.
    const ModelProfile qwen = c.profileFor(QStringLiteral("Qwen/Qwen2.5-VL-7B-Instruct"));
    QCOMPARE(qwen.tokens.kind, TokenFormula::Kind::OpenAiPatches);
    QCOMPARE(qwen.tokens.patchSize, 14 * 2);
    QCOMPARE(qwen.tokens.patchBudget, 12845056 / (28 * 28));
    QCOMPARE(qwen.tokens.multiplier, 1.0);
    // Q2: 16-px patches merged 2x2, longest_edge (max pixels) 16777216.
    const ModelProfile qwen3 = c.profileFor(QStringLiteral("qwen3-vl:8b"));
    QCOMPARE(qwen3.tokens.patchSize, 16 * 2);
    QCOMPARE(qwen3.tokens.patchBudget, 16777216 / (32 * 32));

    // M1: Gemma 3, 896 px, 256 tokens, whatever the server's name for it.
    const ModelProfile gemma = c.profileFor(QStringLiteral("ggml-org/gemma-3-4b-it-GGUF"));
    QCOMPARE(gemma.tokens.perImage, 256);
    QCOMPARE(gemma.limits.recommendedLongEdge, 896);

    // V1: up to 672x672; 5 x 576 tokens.
    const ModelProfile llava = c.profileFor(QStringLiteral("llava:13b"));
    QCOMPARE(llava.limits.recommendedLongEdge, 672);
    QCOMPARE(llava.tokens.perImage, 5 * (336 / 14) * (336 / 14));

    // C1: 1.8 MP (1344x1344); 64 tokens per slice, 9 slices plus the overview.
    const ModelProfile minicpm = c.profileFor(QStringLiteral("minicpm-v:8b"));
    QCOMPARE(minicpm.limits.recommendedLongEdge, 1344);
    QCOMPARE(minicpm.tokens.perImage, 64 * (1 + 9));

    // MS1: long edge 1540, 14-px patches merged 2x2.
    const ModelProfile mistral = c.profileFor(QStringLiteral("mistral-small3.1:24b"));
    QCOMPARE(mistral.limits.recommendedLongEdge, 1540);
    QCOMPARE(mistral.tokens.patchSize, 28);
    QCOMPARE(mistral.tokens.maxLongEdge, 1540);
    QCOMPARE(mistral.tokens.patchBudget, (1540 / 28) * (1540 / 28));

    // P1: 16-px tokens, fit in 1024x1024; PNG, JPEG, WEBP, non-animated GIF.
    const ModelProfile pixtral = c.profileFor(QStringLiteral("mistralai/Pixtral-12B-2409"));
    QCOMPARE(pixtral.tokens.patchSize, 16);
    QCOMPARE(pixtral.tokens.maxLongEdge, 1024);
    QCOMPARE(pixtral.tokens.patchBudget, (1024 / 16) * (1024 / 16));
    for (const char *f : {"jpeg", "png", "webp", "gif"})
        QVERIFY2(pixtral.limits.accepts(QString::fromLatin1(f)), f);

    // Where no source gives a figure, the choice is Squint's, says so, and is no looser than the
    // unknown-model profile.
    for (const char *name : {"qwen2.5vl:7b", "qwen3-vl:8b", "llava:13b", "minicpm-v:8b", "mistral-small3.1:24b",
                             "mistralai/Pixtral-12B-2409", "granite3.2-vision", "moondream"}) {
        const ModelProfile p = c.profileFor(QString::fromLatin1(name));
        QVERIFY2(!p.notes.isEmpty(), name);
        QCOMPARE(p.sources.value(QLatin1String(LimitField::MaxImages)), QStringLiteral("squint"));
        QVERIFY2(p.limits.maxImages <= generic.limits.maxImages, name);
        for (const QString &f : p.limits.formats) {
            if (p.sources.value(QStringLiteral("formats")) == QLatin1String("squint"))
                QVERIFY2(generic.limits.accepts(f), name);
        }
    }
    for (const char *name : {"granite3.2-vision", "moondream"}) {
        const ModelProfile p = c.profileFor(QString::fromLatin1(name));
        QCOMPARE(p.limits.maxRequestBytes, generic.limits.maxRequestBytes);
        QCOMPARE(p.limits.maxImageBytes, generic.limits.maxImageBytes);
        QCOMPARE(p.limits.maxPixelsPerSide, generic.limits.maxPixelsPerSide);
        QCOMPARE(p.tokens.kind, TokenFormula::Kind::Generic);
    }
}

void TestCatalog::parameterRules_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("family");
    QTest::addColumn<QString>("tokenField"); // empty: the connection's choice (max_tokens)
    QTest::addColumn<bool>("sampling");
    QTest::newRow("gpt-5") << QStringLiteral("gpt-5") << QStringLiteral("openai-gpt5") << QStringLiteral("max_completion_tokens") << false;
    QTest::newRow("gpt-5-mini dated") << QStringLiteral("gpt-5-mini-2025-08-07") << QStringLiteral("openai-gpt5-mini")
                                      << QStringLiteral("max_completion_tokens") << false;
    QTest::newRow("o1") << QStringLiteral("o1") << QStringLiteral("openai-o1-o3") << QStringLiteral("max_completion_tokens") << false;
    QTest::newRow("o3 dated") << QStringLiteral("o3-2025-04-16") << QStringLiteral("openai-o1-o3") << QStringLiteral("max_completion_tokens") << false;
    QTest::newRow("o4-mini") << QStringLiteral("o4-mini") << QStringLiteral("openai-o4-mini") << QStringLiteral("max_completion_tokens") << false;
    QTest::newRow("gpt-4o") << QStringLiteral("gpt-4o") << QStringLiteral("openai-gpt4o") << QString() << true;
    QTest::newRow("local qwen") << QStringLiteral("qwen2.5vl:7b") << QString() << QString() << true;
    QTest::newRow("unknown") << QStringLiteral("my-own-model") << QString() << QString() << true;
}

// Reasoning models take max_completion_tokens and no temperature; others keep the defaults.
void TestCatalog::parameterRules()
{
    QFETCH(QString, name);
    QFETCH(QString, family);
    QFETCH(QString, tokenField);
    QFETCH(bool, sampling);
    const ModelProfile p = Catalog::builtIn().profileFor(name);
    if (!family.isEmpty())
        QCOMPARE(p.familyId, family);
    QCOMPARE(p.parameters.tokenField, tokenField);
    QCOMPARE(p.parameters.sampling, sampling);
    if (!tokenField.isEmpty())
        QVERIFY(!p.parameters.source.isEmpty());
}

void TestCatalog::claudeManyImagesRule()
{
    const ModelProfile p = Catalog::builtIn().profileFor(QStringLiteral("databricks-claude-sonnet-4-5"));
    // A1: 8000 px per side; 2000 px when the request holds more than 20 images.
    QCOMPARE(p.limits.maxPixelsFor(1), 8000);
    QCOMPARE(p.limits.maxPixelsFor(20), 8000);
    QCOMPARE(p.limits.maxPixelsFor(21), 2000);
    QCOMPARE(p.limits.maxPixelsFor(100), 2000);
    QCOMPARE(p.limits.recommendedLongEdge, 1568);
    // Claude on Databricks: 100 images (A1) is below the seed's 500, so A1 is the source.
    QCOMPARE(p.limits.maxImages, 100);
    QCOMPARE(p.sources.value(QLatin1String(LimitField::MaxImages)), QStringLiteral("A1"));

    // A profile without the rule keeps its plain side cap.
    ModelLimits l;
    l.maxPixelsPerSide = 3000;
    QCOMPARE(l.maxPixelsFor(50), 3000);
    l.manyImagesThreshold = 20;
    l.manyImagesMaxPixelsPerSide = 4000; // looser than the plain cap: the plain cap still applies
    QCOMPARE(l.maxPixelsFor(50), 3000);
    l.maxPixelsPerSide = 0;
    QCOMPARE(l.maxPixelsFor(50), 4000);
    QCOMPARE(l.maxPixelsFor(20), 0);
}

void TestCatalog::unknownNamesAreGenericAndConservative_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("databricks");
    QTest::newRow("my-custom-vlm") << QStringLiteral("my-custom-vlm") << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("databricks-my-custom-vlm") << QStringLiteral("databricks-my-custom-vlm") << true;
    QTest::newRow("spaces and slash") << QStringLiteral("team/vision model v2") << false;
    // Names near the local vision families that are not vision models, or not known.
    QTest::newRow("llama3.2 text") << QStringLiteral("llama3.2:3b") << false;
    QTest::newRow("qwen2.5 text") << QStringLiteral("qwen2.5:7b") << false;
    QTest::newRow("mistral-small 3 text") << QStringLiteral("mistral-small:24b") << false;
    QTest::newRow("granite text") << QStringLiteral("granite3.2:8b") << false;
    QTest::newRow("hf repo, unknown") << QStringLiteral("someone/some-vlm-7b-GGUF") << false;
    // An AI Gateway model service Squint does not know: the Databricks platform, the generic family.
    QTest::newRow("system.ai unknown") << QStringLiteral("system.ai.my-custom-vlm") << true;
    QTest::newRow("system.ai not a prefix") << QStringLiteral("my.system.ai.claude-sonnet-4-5") << false;
}

void TestCatalog::unknownNamesAreGenericAndConservative()
{
    QFETCH(QString, name);
    QFETCH(bool, databricks);
    const Catalog c = Catalog::builtIn();
    const ModelProfile p = c.profileFor(name);
    QVERIFY(p.generic);
    QCOMPARE(p.familyId, QStringLiteral("generic"));
    QCOMPARE(p.platform, databricks ? QStringLiteral("databricks") : QString());
    QVERIFY(!p.notes.isEmpty());

    // Conservative: every limit is set (no "no limit") and no looser than any known family's limit,
    // and the formats are ones every known model takes.
    const ModelLimits &g = p.limits;
    QVERIFY(g.maxImages > 0 && g.maxRequestBytes > 0 && g.maxImageBytes > 0 && g.maxPixelsPerSide > 0);
    for (const Provider &known : {Claude, Llama4, Gemma3, Gpt5, Gpt5Mini, Gemini2, Gemini3, Gpt4o}) {
        if (known.maxImages > 0)
            QVERIFY2(g.maxImages <= known.maxImages, qPrintable(known.family));
        if (known.maxRequestBytes > 0)
            QVERIFY2(g.maxRequestBytes <= known.maxRequestBytes, qPrintable(known.family));
        if (known.maxImageBytes > 0)
            QVERIFY2(g.maxImageBytes <= known.maxImageBytes, qPrintable(known.family));
        if (known.maxPixelsPerSide > 0)
            QVERIFY2(g.maxPixelsPerSide <= known.maxPixelsPerSide, qPrintable(known.family));
    }
    // Below the 4 MB (D3) Databricks foundation-model payload figure too.
    QVERIFY(g.maxRequestBytes <= 4LL * 1024 * 1024);
    for (const QString &name2 : {QStringLiteral("databricks-claude-sonnet-4-5"), QStringLiteral("databricks-llama-4-maverick"),
                                 QStringLiteral("databricks-gemma-3-12b"), QStringLiteral("databricks-gpt-5"),
                                 QStringLiteral("databricks-gemini-2-5-pro")}) {
        const ModelProfile known = c.profileFor(name2);
        for (const QString &f : g.formats)
            QVERIFY2(known.limits.accepts(f), qPrintable(name2 + QLatin1Char(' ') + f));
    }
    // The generic token estimate never returns 0 for a real image.
    QVERIFY(p.tokens.kind == TokenFormula::Kind::Generic);
}

void TestCatalog::caseInsensitiveAndTrimmed_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("family");
    QTest::addColumn<QString>("displayName");
    QTest::newRow("upper") << QStringLiteral("DATABRICKS-CLAUDE-SONNET-4-5") << QStringLiteral("claude")
                           << QStringLiteral("Claude Sonnet 4.5 on Databricks");
    QTest::newRow("mixed") << QStringLiteral("Databricks-Llama-4-Maverick") << QStringLiteral("llama4")
                           << QStringLiteral("Llama 4 Maverick on Databricks");
    QTest::newRow("spaces around") << QStringLiteral("  databricks-gemma-3-12b\t") << QStringLiteral("gemma3")
                                   << QStringLiteral("Gemma 3 12B on Databricks");
    // Longer, more specific names win over their prefixes.
    QTest::newRow("gpt-5-mini is not gpt-5") << QStringLiteral("DATABRICKS-GPT-5-MINI") << QStringLiteral("openai-gpt5-mini")
                                             << QStringLiteral("GPT-5 mini on Databricks");
    QTest::newRow("ollama style") << QStringLiteral("Gemma3:12B") << QStringLiteral("gemma3") << QStringLiteral("Gemma 3");
    QTest::newRow("provider claude") << QStringLiteral("Claude-Sonnet-4-5") << QStringLiteral("claude")
                                     << QStringLiteral("Claude");
}

void TestCatalog::caseInsensitiveAndTrimmed()
{
    QFETCH(QString, name);
    QFETCH(QString, family);
    QFETCH(QString, displayName);
    const ModelProfile p = Catalog::builtIn().profileFor(name);
    QVERIFY(!p.generic);
    QCOMPARE(p.familyId, family);
    QCOMPARE(p.displayName, displayName);
    QCOMPARE(p.endpoint, name.trimmed());
}

void TestCatalog::capsNeverRaiseALimit()
{
    // The same family without and with the platform: the Databricks profile is never looser.
    const Catalog c = Catalog::builtIn();
    const QList<QPair<QString, QString>> pairs = {
        {QStringLiteral("claude-sonnet-4-5"), QStringLiteral("databricks-claude-sonnet-4-5")},
        {QStringLiteral("gpt-5"), QStringLiteral("databricks-gpt-5")},
        {QStringLiteral("gpt-5-mini"), QStringLiteral("databricks-gpt-5-mini")},
        {QStringLiteral("gemini-2.5-pro"), QStringLiteral("databricks-gemini-2-5-pro")},
        {QStringLiteral("gemini-3-pro"), QStringLiteral("databricks-gemini-3-1-pro")},
        {QStringLiteral("llama-4-maverick"), QStringLiteral("databricks-llama-4-maverick")},
        {QStringLiteral("gemma-3-12b"), QStringLiteral("databricks-gemma-3-12b")},
    };
    auto looser = [](qint64 a, qint64 b) { return b > 0 && (a == 0 || a > b); }; // a allows more than b
    for (const auto &[plain, hosted] : pairs) {
        const ModelProfile p = c.profileFor(plain), d = c.profileFor(hosted);
        QCOMPARE(d.familyId, p.familyId);
        QVERIFY2(p.platform.isEmpty(), qPrintable(plain));
        QVERIFY2(!looser(d.limits.maxImages, p.limits.maxImages), qPrintable(hosted));
        QVERIFY2(!looser(d.limits.maxRequestBytes, p.limits.maxRequestBytes), qPrintable(hosted));
        QVERIFY2(!looser(d.limits.maxImageBytes, p.limits.maxImageBytes), qPrintable(hosted));
        QVERIFY2(!looser(d.limits.maxPixelsPerSide, p.limits.maxPixelsPerSide), qPrintable(hosted));
        QCOMPARE(d.limits.maxRequestBytes, capped(p.limits.maxRequestBytes, DatabricksRequestCap));
    }
}

void TestCatalog::everyLimitHasAKnownSource()
{
    const Catalog c = Catalog::builtIn();
    const QJsonObject declared = builtInObject().value(QLatin1String("sources")).toObject();
    QVERIFY(!declared.isEmpty());
    for (const QString &name : namesToCheck(c)) {
        const ModelProfile p = c.profileFor(name);
        for (const QString &key : limitKeysOf(p)) {
            const QString source = p.sources.value(key);
            QVERIFY2(!source.trimmed().isEmpty(), qPrintable(QStringLiteral("%1: %2 has no source").arg(name, key)));
            const QStringList tags = source.split(QLatin1Char(' '), Qt::SkipEmptyParts);
            for (const QString &tag : tags) {
                QVERIFY2(declared.contains(tag) || tag == QLatin1String("override"),
                         qPrintable(QStringLiteral("%1: %2 cites unknown source %3").arg(name, key, tag)));
                QVERIFY(c.sourceText(tag) != tag);
                QVERIFY(!c.sourceText(tag).isEmpty());
            }
        }
    }
    // An override is a valid source too.
    const ModelProfile o = Catalog::withOverrides(c.profileFor(QStringLiteral("my-custom-vlm")),
                                                  {{QLatin1String(LimitField::MaxImages), 9}});
    QCOMPARE(o.sources.value(QLatin1String(LimitField::MaxImages)), QStringLiteral("override"));
}

void TestCatalog::acceptsFormats()
{
    const Catalog c = Catalog::builtIn();
    const ModelLimits claude = c.profileFor(QStringLiteral("databricks-claude-sonnet-4-5")).limits;
    for (const char *f : {"jpeg", "jpg", "JPEG", "png", "gif", "webp"})
        QVERIFY2(claude.accepts(QString::fromLatin1(f)), f);
    for (const char *f : {"tiff", "bmp", "heic", "avif", ""})
        QVERIFY2(!claude.accepts(QString::fromLatin1(f)), f);
    const ModelLimits llama = c.profileFor(QStringLiteral("databricks-llama-4-maverick")).limits;
    QVERIFY(llama.accepts(QStringLiteral("jpeg")));
    QVERIFY(!llama.accepts(QStringLiteral("webp")));
    QVERIFY(!llama.accepts(QStringLiteral("gif")));
    const ModelLimits gemini = c.profileFor(QStringLiteral("databricks-gemini-2-5-pro")).limits;
    QVERIFY(gemini.accepts(QStringLiteral("heic")));
    QVERIFY(!gemini.accepts(QStringLiteral("gif")));
}

void TestCatalog::overridesChangeOnlyNamedFields_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<qint64>("value");
    QTest::newRow("maxImages") << QString::fromLatin1(LimitField::MaxImages) << qint64(3);
    QTest::newRow("maxRequestBytes") << QString::fromLatin1(LimitField::MaxRequestBytes) << qint64(4'000'000);
    QTest::newRow("maxImageBytes") << QString::fromLatin1(LimitField::MaxImageBytes) << qint64(1'000'000);
    QTest::newRow("maxPixelsPerSide") << QString::fromLatin1(LimitField::MaxPixelsPerSide) << qint64(4096);
    QTest::newRow("recommendedLongEdge") << QString::fromLatin1(LimitField::RecommendedLongEdge) << qint64(1024);
    QTest::newRow("zero = no limit") << QString::fromLatin1(LimitField::MaxImages) << qint64(0);
}

void TestCatalog::overridesChangeOnlyNamedFields()
{
    QFETCH(QString, field);
    QFETCH(qint64, value);
    const ModelProfile before = Catalog::builtIn().profileFor(QStringLiteral("databricks-claude-sonnet-4-5"));
    const ModelProfile after = Catalog::withOverrides(before, {{field, value}});

    auto get = [](const ModelLimits &l, const QString &f) -> qint64 {
        if (f == QLatin1String(LimitField::MaxImages))
            return l.maxImages;
        if (f == QLatin1String(LimitField::MaxRequestBytes))
            return l.maxRequestBytes;
        if (f == QLatin1String(LimitField::MaxImageBytes))
            return l.maxImageBytes;
        if (f == QLatin1String(LimitField::MaxPixelsPerSide))
            return l.maxPixelsPerSide;
        return l.recommendedLongEdge;
    };
    QCOMPARE(get(after.limits, field), value);
    QCOMPARE(after.overridden, QStringList{field});
    QCOMPARE(after.sources.value(field), QStringLiteral("override"));
    for (const QString &other : LimitField::all()) {
        if (other == field)
            continue;
        QCOMPARE(get(after.limits, other), get(before.limits, other));
        QCOMPARE(after.sources.value(other), before.sources.value(other));
    }
    QCOMPARE(after.limits.formats, before.limits.formats);
    QCOMPARE(after.limits.manyImagesThreshold, before.limits.manyImagesThreshold);
    QCOMPARE(after.limits.manyImagesMaxPixelsPerSide, before.limits.manyImagesMaxPixelsPerSide);
    QCOMPARE(after.familyId, before.familyId);
    QCOMPARE(after.displayName, before.displayName);
    QVERIFY(before.overridden.isEmpty());
}

void TestCatalog::overridesIgnoreUnknownAndNegative()
{
    const ModelProfile before = Catalog::builtIn().profileFor(QStringLiteral("databricks-llama-4-maverick"));
    const ModelProfile after = Catalog::withOverrides(
        before, {{QStringLiteral("apiToken"), 12345}, {QLatin1String(LimitField::MaxImages), -1}, {QString(), 7}});
    QVERIFY(after.overridden.isEmpty());
    QCOMPARE(after.limits.maxImages, before.limits.maxImages);
    QCOMPARE(after.sources, before.sources);

    // Several at once.
    const ModelProfile two = Catalog::withOverrides(
        before, {{QLatin1String(LimitField::MaxImages), 8}, {QLatin1String(LimitField::MaxRequestBytes), 2'000'000}});
    QCOMPARE(two.limits.maxImages, 8);
    QCOMPARE(two.limits.maxRequestBytes, qint64(2'000'000));
    QCOMPARE(QSet<QString>(two.overridden.begin(), two.overridden.end()),
             (QSet<QString>{QLatin1String(LimitField::MaxImages), QLatin1String(LimitField::MaxRequestBytes)}));
}

void TestCatalog::fromJsonRejects_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("mentions"); // a word the error must contain (empty: any non-empty error)

    const QJsonObject good = builtInObject();
    QVERIFY(!good.isEmpty());

    QTest::newRow("empty") << QByteArray() << QString();
    QTest::newRow("not json") << QByteArray("families: claude") << QString();
    QTest::newRow("unterminated") << QByteArray(R"({"version": 1, "families": {)") << QString();
    QTest::newRow("array root") << QByteArray("[1,2,3]") << QString();

    QJsonObject o = good;
    o.insert(QStringLiteral("version"), 2);
    QTest::newRow("version 2") << toJson(o) << QStringLiteral("version");

    o = good;
    QJsonArray models = o.value(QLatin1String("models")).toArray();
    QJsonObject m = models.at(0).toObject();
    m.insert(QStringLiteral("family"), QStringLiteral("no-such-family"));
    models.replace(0, m);
    o.insert(QStringLiteral("models"), models);
    QTest::newRow("unknown family") << toJson(o) << QStringLiteral("no-such-family");

    o = good;
    QJsonObject families = o.value(QLatin1String("families")).toObject();
    QJsonObject claude = families.value(QLatin1String("claude")).toObject();
    QJsonObject tokens = claude.value(QLatin1String("tokens")).toObject();
    tokens.insert(QStringLiteral("kind"), QStringLiteral("quantum_tiles"));
    claude.insert(QStringLiteral("tokens"), tokens);
    families.insert(QStringLiteral("claude"), claude);
    o.insert(QStringLiteral("families"), families);
    QTest::newRow("unknown token kind") << toJson(o) << QStringLiteral("claude");

    o = good;
    families = o.value(QLatin1String("families")).toObject();
    claude = families.value(QLatin1String("claude")).toObject();
    claude.remove(QLatin1String(LimitField::MaxImageBytes));
    families.insert(QStringLiteral("claude"), claude);
    o.insert(QStringLiteral("families"), families);
    QTest::newRow("missing limit") << toJson(o) << QString::fromLatin1(LimitField::MaxImageBytes);

    o = good;
    o.insert(QStringLiteral("generic"), QStringLiteral("nothing"));
    QTest::newRow("no generic family") << toJson(o) << QStringLiteral("generic");

    // An alias without a prefix would rename every name.
    o = good;
    o.insert(QStringLiteral("aliases"), QJsonArray{QJsonObject{{QStringLiteral("as"), QStringLiteral("databricks-")}}});
    QTest::newRow("alias without prefix") << toJson(o) << QStringLiteral("alias");
}

void TestCatalog::fromJsonRejects()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, mentions);
    QString error;
    const Catalog c = Catalog::fromJson(json, &error);
    QVERIFY(!c.isValid());
    QVERIFY2(!error.isEmpty(), "no error text");
    if (!mentions.isEmpty())
        QVERIFY2(error.contains(mentions, Qt::CaseInsensitive), qPrintable(error));
    // An invalid catalog still answers lookups without crashing.
    const ModelProfile p = c.profileFor(QStringLiteral("databricks-claude-sonnet-4-5"));
    QCOMPARE(p.endpoint, QStringLiteral("databricks-claude-sonnet-4-5"));
    // Passing no error pointer is allowed.
    QVERIFY(!Catalog::fromJson(json).isValid());
}

void TestCatalog::fromJsonAcceptsTheBuiltInText()
{
    // The positive control for fromJsonRejects: the unmodified text (re-serialized) parses.
    QString error;
    const Catalog c = Catalog::fromJson(toJson(builtInObject()), &error);
    QVERIFY2(c.isValid(), qPrintable(error));
    QVERIFY(error.isEmpty());
    QCOMPARE(c.profileFor(QStringLiteral("databricks-llama-4-maverick")).limits.maxImages, 5);
}

void TestCatalog::settingsRoundTripOverrides_data()
{
    QTest::addColumn<QString>("endpoint");
    QTest::newRow("plain") << QStringLiteral("databricks-claude-sonnet-4-5");
    QTest::newRow("slash") << QStringLiteral("team/vision-model");
    QTest::newRow("spaces") << QStringLiteral("my vision model v2");
    QTest::newRow("backslash, percent, equals") << QStringLiteral(R"(a\b%20=c;d)");
    QTest::newRow("unicode") << QStringLiteral("modèle-vision-日本");
    QTest::newRow("ini-ish") << QStringLiteral("[general]/x#y");
}

void TestCatalog::settingsRoundTripOverrides()
{
    QFETCH(QString, endpoint);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString ini = dir.filePath(QStringLiteral("squint.ini"));
    const QHash<QString, qint64> overrides = {
        {QLatin1String(LimitField::MaxImages), 7},
        {QLatin1String(LimitField::MaxRequestBytes), 3'500'000},
        {QLatin1String(LimitField::MaxPixelsPerSide), 0},
    };
    {
        Settings s(ini);
        QSignalSpy changed(&s, &Settings::limitOverridesChanged);
        s.setLimitOverrides(endpoint, overrides);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toString(), endpoint);
        QCOMPARE(s.limitOverrides(endpoint), overrides);
        s.sync();
    }
    {
        Settings again(ini); // a fresh object reads the file
        QCOMPARE(again.limitOverrides(endpoint), overrides);
        // Replacing drops fields that are no longer overridden.
        again.setLimitOverrides(endpoint, {{QLatin1String(LimitField::MaxImages), 2}});
    }
    Settings third(ini);
    const QHash<QString, qint64> expected = {{QLatin1String(LimitField::MaxImages), 2}};
    QCOMPARE(third.limitOverrides(endpoint), expected);
    third.setLimitOverrides(endpoint, {});
    QVERIFY(third.limitOverrides(endpoint).isEmpty());
}

void TestCatalog::profileWithOverridesReadsTheSettings()
{
    // The one way the window, Compare Models, batches and the command line build a model's profile.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Settings s(dir.filePath(QStringLiteral("squint.ini")));
    const QString name = QStringLiteral("databricks-claude-sonnet-4-5");
    s.setLimitOverrides(name, {{QLatin1String(LimitField::MaxImages), 3}});
    s.setLimitOverrides(QStringLiteral("other-model"), {{QLatin1String(LimitField::MaxImages), 9}});
    const Catalog c = Catalog::builtIn();
    const ModelProfile plain = c.profileFor(name);
    QVERIFY(plain.limits.maxImages != 3);

    const ModelProfile p = c.profileWithOverrides(name, &s);
    QCOMPARE(p.limits.maxImages, 3);
    QCOMPARE(p.overridden, QStringList{QLatin1String(LimitField::MaxImages)});
    QCOMPARE(p.sources.value(QLatin1String(LimitField::MaxImages)), QStringLiteral("override"));
    QCOMPARE(p.limits.maxRequestBytes, plain.limits.maxRequestBytes);
    QCOMPARE(p.displayName, plain.displayName);
    // A name typed with spaces around it is the same model, with the same overrides.
    const ModelProfile spaced = c.profileWithOverrides(QStringLiteral("  ") + name
                                                           + QStringLiteral("\t"),
                                                       &s);
    QCOMPARE(spaced.endpoint, name);
    QCOMPARE(spaced.limits.maxImages, 3);
    // Without settings: the catalog's figures.
    const ModelProfile none = c.profileWithOverrides(name, nullptr);
    QCOMPARE(none.limits.maxImages, plain.limits.maxImages);
    QVERIFY(none.overridden.isEmpty());
}

void TestCatalog::settingsKeepEndpointsApart()
{
    QTemporaryDir dir;
    const QString ini = dir.filePath(QStringLiteral("squint.ini"));
    Settings s(ini);
    // Names that a naive key scheme would fold together.
    const QStringList names = {QStringLiteral("a/b"), QStringLiteral("a%2Fb"), QStringLiteral("a b"), QStringLiteral("a_b"),
                               QStringLiteral("A/B")};
    for (int i = 0; i < names.size(); ++i)
        s.setLimitOverrides(names.at(i), {{QLatin1String(LimitField::MaxImages), i + 1}});
    Settings reread(ini);
    for (int i = 0; i < names.size(); ++i)
        QCOMPARE(reread.limitOverrides(names.at(i)).value(QLatin1String(LimitField::MaxImages)), qint64(i + 1));
    QVERIFY(reread.limitOverrides(QStringLiteral("never-set")).isEmpty());

    // The overrides applied through the catalog mark the fields.
    const ModelProfile p = Catalog::withOverrides(Catalog::builtIn().profileFor(QStringLiteral("a b")),
                                                  reread.limitOverrides(QStringLiteral("a b")));
    QCOMPARE(p.limits.maxImages, 3);
    QCOMPARE(p.overridden, QStringList{QString::fromLatin1(LimitField::MaxImages)});
}

void TestCatalog::settingsWriteNothingTokenLike()
{
    QTemporaryDir dir;
    const QString ini = dir.filePath(QStringLiteral("squint.ini"));
    {
        Settings s(ini);
        s.setLastModel(QStringLiteral("databricks-claude-sonnet-4-5"));
        s.setFolderFileCap(250);
        s.setLimitOverrides(QStringLiteral("databricks-llama-4-maverick"), {{QLatin1String(LimitField::MaxImages), 4}});
        s.setWindowGeometry(QByteArray("geometry-bytes"));
        s.setWindowState(QByteArray("state-bytes"));
        s.sync();
    }
    QFile f(ini);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    QVERIFY(text.contains(QLatin1String("maxImages"))); // the file is the one written
    static const QRegularExpression tokenLike(
        QStringLiteral(R"((token|secret|password|passwd|bearer|authorization|api[_-]?key|credential|dapi[0-9a-f]{8}))"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = tokenLike.match(text);
    QVERIFY2(!m.hasMatch(), qPrintable(QStringLiteral("settings file holds %1:\n%2").arg(m.captured(0), text)));

    Settings back(ini);
    QCOMPARE(back.lastModel(), QStringLiteral("databricks-claude-sonnet-4-5"));
    QCOMPARE(back.folderFileCap(), 250);
    QCOMPARE(back.windowGeometry(), QByteArray("geometry-bytes"));
}

void TestCatalog::settingsFolderCap()
{
    QTemporaryDir dir;
    Settings s(dir.filePath(QStringLiteral("squint.ini")));
    QCOMPARE(s.folderFileCap(), 1000); // default
    s.setFolderFileCap(0);
    QCOMPARE(s.folderFileCap(), 1000); // out of range falls back
    s.setFolderFileCap(5);
    QCOMPARE(s.folderFileCap(), 5);
}

QTEST_GUILESS_MAIN(TestCatalog)
#include "tst_catalog.moc"
