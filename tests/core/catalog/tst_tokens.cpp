// Token estimates against the worked examples of the published formulas (docs/limits.md section 3,
// their sources in section 6), and fitLongEdge. Formulas are taken from the built-in catalog where
// the example is for a catalog family, so the test also checks that the catalog carries the right
// parameters.

#include "core/catalog/catalog.h"
#include "core/catalog/tokens.h"

#include <QTest>

#include <cmath>

using namespace squint;

namespace {

TokenFormula formulaOf(const QString &endpoint)
{
    static const Catalog catalog = Catalog::builtIn();
    return catalog.profileFor(endpoint).tokens;
}

TokenFormula openAiTiles(int base, int perTile)
{
    TokenFormula f;
    f.kind = TokenFormula::Kind::OpenAiTiles;
    f.base = base;
    f.perTile = perTile;
    f.tileSize = 512;
    f.fitBox = 2048;
    f.shortSide = 768;
    return f;
}

TokenFormula openAiPatches(double multiplier)
{
    TokenFormula f;
    f.kind = TokenFormula::Kind::OpenAiPatches;
    f.patchBudget = 1536;
    f.multiplier = multiplier;
    return f;
}

// Qwen-VL (Q1, Q2), Mistral Small 3.1 (MS1), Pixtral (P1): one token per patchSize-px patch, long edge
// first fit to maxLongEdge when there is one.
TokenFormula localPatches(int patchSize, int budget, int maxLongEdge = 0)
{
    TokenFormula f;
    f.kind = TokenFormula::Kind::OpenAiPatches;
    f.patchSize = patchSize;
    f.patchBudget = budget;
    f.maxLongEdge = maxLongEdge;
    return f;
}

} // namespace

class TestTokens : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(Catalog::builtIn().isValid()); }

    void workedExamples_data();
    void workedExamples();
    void catalogFormulas_data();
    void catalogFormulas();
    void emptySizeCostsNothing();
    void claudeNeverAboveCap();
    void fitLongEdge_data();
    void fitLongEdge();
};

void TestTokens::workedExamples_data()
{
    QTest::addColumn<TokenFormula>("formula");
    QTest::addColumn<QSize>("size");
    QTest::addColumn<int>("expected");

    // Claude (A1, older docs): tokens = w*h/750, examples 200x200 ~ 54, 1000x1000 ~ 1334, 1092x1092 ~ 1590.
    TokenFormula claude;
    claude.kind = TokenFormula::Kind::ClaudeArea;
    claude.divisor = 750;
    claude.maxLongEdge = 1568;
    claude.cap = 1600;
    QTest::newRow("claude 200x200") << claude << QSize(200, 200) << int(std::ceil(200.0 * 200 / 750));
    QTest::newRow("claude 1000x1000") << claude << QSize(1000, 1000) << 1334;
    QTest::newRow("claude 1092x1092") << claude << QSize(1092, 1092) << 1590;
    // The doc's largest unscaled sizes cost "about 1,600 tokens": 784x1568 is 1,639.1 by the area rule,
    // held at the ~1,600 cap.
    QTest::newRow("claude 784x1568") << claude << QSize(784, 1568) << std::min(1600, int(std::ceil(784.0 * 1568 / 750)));
    QTest::newRow("claude 951x1268") << claude << QSize(951, 1268) << std::min(1600, int(std::ceil(951.0 * 1268 / 750)));

    // OpenAI tiles (O1): 85 + 170 per 512-px tile after fitting 2048 and shortest side 768.
    QTest::newRow("gpt-4o 1024x1024") << openAiTiles(85, 170) << QSize(1024, 1024) << 765;
    QTest::newRow("gpt-4o 2048x4096") << openAiTiles(85, 170) << QSize(2048, 4096) << 1105;
    QTest::newRow("gpt-4o 4096x2048") << openAiTiles(85, 170) << QSize(4096, 2048) << 1105;
    QTest::newRow("gpt-4o 512x512") << openAiTiles(85, 170) << QSize(512, 512) << 85 + 170;
    // GPT-5 (O2): base 70, 140 per tile; 1024x1024 -> 768x768 -> 4 tiles.
    QTest::newRow("gpt-5 1024x1024") << openAiTiles(70, 140) << QSize(1024, 1024) << 70 + 140 * 4;

    // OpenAI patches (O2): 1024x1024 -> 1024 patches; 1800x2400 -> 1056x1408 -> 33*44 = 1452.
    QTest::newRow("patches 1024x1024") << openAiPatches(1.0) << QSize(1024, 1024) << 1024;
    QTest::newRow("patches 1800x2400") << openAiPatches(1.0) << QSize(1800, 2400) << 1452;
    QTest::newRow("patches 1800x2400 x1.62") << openAiPatches(1.62) << QSize(1800, 2400) << int(std::ceil(1452 * 1.62));
    QTest::newRow("patches 100x100 x2.46") << openAiPatches(2.46) << QSize(100, 100) << int(std::ceil(16 * 2.46));
    // Qwen2.5-VL (Q1): 28 px per token; 1000x1000 -> 36*36; 784x560 -> 28*20.
    QTest::newRow("qwen2.5-vl 1000x1000") << localPatches(28, 16384) << QSize(1000, 1000) << 36 * 36;
    QTest::newRow("qwen2.5-vl 784x560") << localPatches(28, 16384) << QSize(784, 560) << 28 * 20;
    // Qwen3-VL (Q2): 32 px per token, like the OpenAI default.
    QTest::newRow("qwen3-vl 1024x768") << localPatches(32, 16384) << QSize(1024, 768) << 32 * 24;
    // Mistral Small 3.1 (MS1): 3080x1540 -> fit 1540x770 -> 55*28 (ceil(770/28) = 28).
    QTest::newRow("mistral 3080x1540") << localPatches(28, 3025, 1540) << QSize(3080, 1540) << 55 * 28;
    // Pixtral (P1): 2048x1024 -> fit 1024x512 -> 64*32; below the fit, untouched: 320x160 -> 20*10.
    QTest::newRow("pixtral 2048x1024") << localPatches(16, 4096, 1024) << QSize(2048, 1024) << 64 * 32;
    QTest::newRow("pixtral 320x160") << localPatches(16, 4096, 1024) << QSize(320, 160) << 20 * 10;

    // Gemini 2.x (G1): 258 when both sides <= 384; 960x540 -> unit 360 -> 3x2 tiles = 1548.
    TokenFormula gemini;
    gemini.kind = TokenFormula::Kind::GeminiTiles;
    gemini.perTile = 258;
    QTest::newRow("gemini 384x384") << gemini << QSize(384, 384) << 258;
    QTest::newRow("gemini 960x540") << gemini << QSize(960, 540) << 1548;

    // Gemma 3 (M1): 256 per image whatever the size.
    TokenFormula gemma;
    gemma.kind = TokenFormula::Kind::FixedPerImage;
    gemma.perImage = 256;
    QTest::newRow("gemma 10x10") << gemma << QSize(10, 10) << 256;
    QTest::newRow("gemma 4000x3000") << gemma << QSize(4000, 3000) << 256;

    // Llama 4 (L2): 144 per 336-px tile, at most 16 tiles, plus a global tile when more than one.
    TokenFormula llama;
    llama.kind = TokenFormula::Kind::Llama4Tiles;
    llama.tileSize = 336;
    llama.maxTiles = 16;
    llama.perTile = 144;
    QTest::newRow("llama 336x336 (one tile, no global)") << llama << QSize(336, 336) << 144;
    QTest::newRow("llama 100x80 (never upsampled)") << llama << QSize(100, 80) << 144;
    QTest::newRow("llama 672x336 (2 tiles + global)") << llama << QSize(672, 336) << 144 * (2 + 1);
    QTest::newRow("llama 1344x1344 (16 + global)") << llama << QSize(1344, 1344) << 144 * (16 + 1);
    QTest::newRow("llama 5000x5000 (capped at 16)") << llama << QSize(5000, 5000) << 144 * (16 + 1);
}

void TestTokens::workedExamples()
{
    QFETCH(TokenFormula, formula);
    QFETCH(QSize, size);
    QFETCH(int, expected);
    QCOMPARE(estimateImageTokens(formula, size), expected);
}

// The same examples through the catalog's own formulas for the Databricks endpoints.
void TestTokens::catalogFormulas_data()
{
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QSize>("size");
    QTest::addColumn<int>("expected");
    QTest::newRow("claude 200x200") << QStringLiteral("databricks-claude-sonnet-4-5") << QSize(200, 200) << 54;
    QTest::newRow("claude 1000x1000") << QStringLiteral("databricks-claude-3-7-sonnet") << QSize(1000, 1000) << 1334;
    // A 4000x3000 photo is first scaled to a 1568 long edge (1568x1176), then capped near 1,600.
    QTest::newRow("claude big photo capped") << QStringLiteral("databricks-claude-opus-4-1") << QSize(4000, 3000)
                                             << std::min(1600, int(std::ceil(1568.0 * 1176 / 750)));
    QTest::newRow("gpt-4o 1024x1024") << QStringLiteral("gpt-4o") << QSize(1024, 1024) << 765;
    QTest::newRow("gpt-4o 2048x4096") << QStringLiteral("gpt-4o") << QSize(2048, 4096) << 1105;
    QTest::newRow("gpt-5 2048x4096") << QStringLiteral("databricks-gpt-5") << QSize(2048, 4096) << 70 + 140 * 6;
    QTest::newRow("gpt-5-mini 1800x2400") << QStringLiteral("databricks-gpt-5-mini") << QSize(1800, 2400)
                                          << int(std::ceil(1452 * 1.62));
    QTest::newRow("gemini-2.5 960x540") << QStringLiteral("databricks-gemini-2-5-pro") << QSize(960, 540) << 1548;
    QTest::newRow("gemini-3 default 1120") << QStringLiteral("databricks-gemini-3-1-pro") << QSize(960, 540) << 1120;
    QTest::newRow("gemma 256") << QStringLiteral("databricks-gemma-3-12b") << QSize(3000, 2000) << 256;
    QTest::newRow("llama 672x336") << QStringLiteral("databricks-llama-4-maverick") << QSize(672, 336) << 432;
}

void TestTokens::catalogFormulas()
{
    QFETCH(QString, endpoint);
    QFETCH(QSize, size);
    QFETCH(int, expected);
    QCOMPARE(estimateImageTokens(formulaOf(endpoint), size), expected);
}

void TestTokens::emptySizeCostsNothing()
{
    for (const QString &name : {QStringLiteral("databricks-claude-sonnet-4-5"), QStringLiteral("databricks-gemma-3-12b"),
                                QStringLiteral("gpt-4o"), QStringLiteral("my-custom-vlm")}) {
        QCOMPARE(estimateImageTokens(formulaOf(name), QSize()), 0);
        QCOMPARE(estimateImageTokens(formulaOf(name), QSize(0, 100)), 0);
    }
}

void TestTokens::claudeNeverAboveCap()
{
    const TokenFormula f = formulaOf(QStringLiteral("databricks-claude-sonnet-4-5"));
    for (const QSize s : {QSize(1092, 1092), QSize(8000, 8000), QSize(1568, 1568), QSize(20000, 100), QSize(1, 8000)}) {
        const int t = estimateImageTokens(f, s);
        QVERIFY2(t > 0 && t <= 1600, qPrintable(QStringLiteral("%1x%2 -> %3").arg(s.width()).arg(s.height()).arg(t)));
    }
}

void TestTokens::fitLongEdge_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<int>("edge");
    QTest::addColumn<QSize>("expected");
    QTest::newRow("landscape 6000x4000 -> 1568") << QSize(6000, 4000) << 1568 << QSize(1568, int(std::lround(4000.0 * 1568 / 6000)));
    QTest::newRow("portrait 4000x6000 -> 1568") << QSize(4000, 6000) << 1568 << QSize(int(std::lround(4000.0 * 1568 / 6000)), 1568);
    QTest::newRow("9000x6000 -> 8000") << QSize(9000, 6000) << 8000 << QSize(8000, 5333);
    QTest::newRow("2500x1000 -> 2000") << QSize(2500, 1000) << 2000 << QSize(2000, 800);
    QTest::newRow("already small") << QSize(800, 600) << 1568 << QSize(800, 600);
    QTest::newRow("exactly the edge") << QSize(1568, 1000) << 1568 << QSize(1568, 1000);
    QTest::newRow("never upscales") << QSize(10, 10) << 2000 << QSize(10, 10);
    QTest::newRow("no limit (0)") << QSize(9000, 6000) << 0 << QSize(9000, 6000);
    QTest::newRow("negative limit") << QSize(9000, 6000) << -5 << QSize(9000, 6000);
    QTest::newRow("thin strip keeps 1 px") << QSize(10000, 1) << 1000 << QSize(1000, 1);
    QTest::newRow("square") << QSize(3000, 3000) << 896 << QSize(896, 896);
}

void TestTokens::fitLongEdge()
{
    QFETCH(QSize, size);
    QFETCH(int, edge);
    QFETCH(QSize, expected);
    const QSize got = squint::fitLongEdge(size, edge);
    QCOMPARE(got, expected);
    if (edge > 0)
        QVERIFY(std::max(got.width(), got.height()) <= std::max({edge, size.width(), size.height()}));
}

QTEST_GUILESS_MAIN(TestTokens)
#include "tst_tokens.moc"
