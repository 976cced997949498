// The evaluation of a tray against a model: meters, item states and what keeps Send disabled.
// Expected figures are computed here from the limits (catalog sources), the body format and the token
// formulas' worked examples, not read back from evaluate().

#include "core/util/base64.h"
#include "core/catalog/catalog.h"
#include "core/compose/evaluation.h"
#include "core/images/imageinfo.h"
#include "core/chat/requestbody.h"
#include "core/catalog/tokens.h"

#include "testimages.h"

#include <QTest>

using namespace squint;

namespace {

const Catalog &catalog()
{
    static const Catalog c = Catalog::builtIn();
    return c;
}

ModelProfile profile(const QString &name) { return catalog().profileFor(name); }

const QString Claude = QStringLiteral("databricks-claude-sonnet-4-5");
const QString Llama = QStringLiteral("databricks-llama-4-maverick");

ItemFacts ready(const QString &name, const QByteArray &format, QSize size, qint64 bytes)
{
    ItemFacts f;
    f.stage = ItemFacts::Stage::Ready;
    f.name = name;
    f.info.format = format;
    f.info.size = size;
    f.info.fileBytes = bytes;
    f.info.photoLike = format == "jpeg";
    return f;
}

ItemFacts loading(const QString &name)
{
    ItemFacts f;
    f.stage = ItemFacts::Stage::Loading;
    f.name = name;
    return f;
}

ItemFacts failed(const QString &name, const QString &error)
{
    ItemFacts f;
    f.stage = ItemFacts::Stage::Failed;
    f.name = name;
    f.error = error;
    return f;
}

// The body the meter must measure, written out independently: one user message, prompt then images.
qint64 expectedPayload(const QString &model, const QString &prompt, const QList<QPair<QString, qint64>> &images)
{
    ChatBodySpec spec;
    spec.model = model;
    BodyMessage m;
    m.text = prompt;
    for (const auto &[mime, size] : images) {
        BodyImage img;
        img.mime = mime;
        img.size = size;
        m.images << img;
    }
    spec.messages << m;
    return chatBodySize(spec);
}

QList<ItemFacts> nJpegs(int n, QSize size = QSize(800, 600), qint64 bytes = 100'000)
{
    QList<ItemFacts> items;
    for (int i = 0; i < n; ++i)
        items << ready(QStringLiteral("photo%1.jpg").arg(i), "jpeg", size, bytes + i);
    return items;
}

} // namespace

class TestEvaluation : public QObject
{
    Q_OBJECT

private slots:
    void levels_data();
    void levels();
    void countMeter_data();
    void countMeter();
    void exactMeters();
    void payloadMeterLevels();
    void blockerLoading();
    void blockerTooManyImages();
    void blockerPerImageTooLarge();
    void blockerPayloadOver();
    void blockerPreparing();
    void emptyTrayNeedsAPrompt();
    void convertTiffAndBmp_data();
    void convertTiffAndBmp();
    void downscaleOverSideLimit();
    void manyImagesRuleDownscales();
    void noPreparationWhileCountIsOver();
    void preparedVariantReplacesEstimate();
    void prepareErrorBlocks();
    void fittedVariantWins();
    void unusableFittedVariantIsIgnored();
    void failedItemIsNotedNotBlocking();
    void genericModelIsNoted();
    void switchingProfileFlipsMeters();
    void animatedGifNote();
    void earlierTurnsCountAgainstTheLimits();
    void earlierImagesTriggerTheManyImagesRule();
};

void TestEvaluation::levels_data()
{
    QTest::addColumn<qint64>("value");
    QTest::addColumn<qint64>("limit");
    QTest::addColumn<int>("level");
    const int ok = int(Meter::Level::Ok), near = int(Meter::Level::Near), over = int(Meter::Level::Over);
    QTest::newRow("0 of 100") << qint64(0) << qint64(100) << ok;
    QTest::newRow("79 of 100") << qint64(79) << qint64(100) << ok;
    QTest::newRow("80 of 100 (80 %)") << qint64(80) << qint64(100) << near;
    QTest::newRow("100 of 100 (at the limit)") << qint64(100) << qint64(100) << near;
    QTest::newRow("101 of 100") << qint64(101) << qint64(100) << over;
    QTest::newRow("3 of 5") << qint64(3) << qint64(5) << ok;
    QTest::newRow("4 of 5") << qint64(4) << qint64(5) << near;
    QTest::newRow("5 of 5") << qint64(5) << qint64(5) << near;
    QTest::newRow("6 of 5") << qint64(6) << qint64(5) << over;
    QTest::newRow("7,999,999 of 10,000,000") << qint64(7'999'999) << qint64(10'000'000) << ok;
    QTest::newRow("8,000,000 of 10,000,000") << qint64(8'000'000) << qint64(10'000'000) << near;
    QTest::newRow("10,000,001 of 10,000,000") << qint64(10'000'001) << qint64(10'000'000) << over;
    QTest::newRow("no limit") << qint64(1'000'000'000) << qint64(0) << ok;
}

void TestEvaluation::levels()
{
    QFETCH(qint64, value);
    QFETCH(qint64, limit);
    QFETCH(int, level);
    QCOMPARE(int(levelFor(value, limit)), level);
}

void TestEvaluation::countMeter_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("images");
    QTest::addColumn<int>("limit");
    QTest::addColumn<int>("level");
    const int ok = int(Meter::Level::Ok), near = int(Meter::Level::Near), over = int(Meter::Level::Over);
    // Llama 4 on Databricks: 5 (L1, seed).
    QTest::newRow("llama 3") << Llama << 3 << 5 << ok;
    QTest::newRow("llama 4") << Llama << 4 << 5 << near;
    QTest::newRow("llama 5") << Llama << 5 << 5 << near;
    QTest::newRow("llama 6") << Llama << 6 << 5 << over;
    // Claude on Databricks: 100 (A1 below the seed's 500).
    QTest::newRow("claude 6") << Claude << 6 << 100 << ok;
    QTest::newRow("claude 80") << Claude << 80 << 100 << near;
    QTest::newRow("claude 101") << Claude << 101 << 100 << over;
}

void TestEvaluation::countMeter()
{
    QFETCH(QString, model);
    QFETCH(int, images);
    QFETCH(int, limit);
    QFETCH(int, level);
    // Small images so only the count can matter (101 x ~2 KB stays far under 10 MB).
    const Evaluation ev = evaluate(profile(model), nJpegs(images, QSize(100, 80), 2000), QStringLiteral("Q"));
    QCOMPARE(ev.count.value, qint64(images));
    QCOMPARE(ev.count.limit, qint64(limit));
    QCOMPARE(int(ev.count.level), level);
    QVERIFY(!ev.count.estimate);
    QVERIFY2(ev.count.text.contains(QString::number(images)) && ev.count.text.contains(QString::number(limit)),
             qPrintable(ev.count.text));
    QCOMPARE(ev.canSend, level != int(Meter::Level::Over));
}

void TestEvaluation::exactMeters()
{
    // Two images whose token costs are the A1 worked examples: 1000x1000 ~ 1334 and 200x200 ~ 54.
    const QString prompt = QStringLiteral("What differs between \"these\"?\n");
    QList<ItemFacts> items{ready(QStringLiteral("a.jpg"), "jpeg", QSize(1000, 1000), 250'000),
                           ready(QStringLiteral("b.png"), "png", QSize(200, 200), 30'001)};
    const Evaluation ev = evaluate(profile(Claude), items, prompt);
    QCOMPARE(ev.items.size(), 2);
    QCOMPARE(int(ev.items.at(0).state), int(ItemVerdict::State::Ok));
    QCOMPARE(int(ev.items.at(1).state), int(ItemVerdict::State::Ok));

    QCOMPARE(ev.count.value, qint64(2));
    QCOMPARE(ev.count.limit, qint64(100));
    QCOMPARE(int(ev.count.level), int(Meter::Level::Ok));

    const qint64 payload = expectedPayload(Claude, prompt, {{QStringLiteral("image/jpeg"), 250'000}, {QStringLiteral("image/png"), 30'001}});
    QCOMPARE(ev.payload.value, payload);
    QCOMPARE(ev.payload.limit, qint64(10'000'000));
    QCOMPARE(int(ev.payload.level), int(Meter::Level::Ok));
    QVERIFY(!ev.payload.estimate);
    // Sanity of the expectation itself: the base64 of both images plus a few hundred bytes of JSON.
    QVERIFY(payload > base64Length(250'000) + base64Length(30'001));
    QVERIFY(payload < base64Length(250'000) + base64Length(30'001) + 400);

    QCOMPARE(ev.tokens.value, qint64(1334 + 54));
    QCOMPARE(ev.items.at(0).tokens, 1334);
    QCOMPARE(ev.items.at(1).tokens, 54);
    QVERIFY(ev.tokens.estimate);

    // Per item: what it adds to the body is its image part.
    QCOMPARE(ev.items.at(0).requestBytes, imagePartBytes(QStringLiteral("image/jpeg"), 250'000));
    QCOMPARE(ev.items.at(0).sendBytes, qint64(250'000));
    QCOMPARE(ev.items.at(0).sendSize, QSize(1000, 1000));

    QVERIFY(ev.canSend);
    QVERIFY(ev.blocker.isEmpty());
}

void TestEvaluation::payloadMeterLevels()
{
    // Find image sizes that put the body just under, at and over 80 % and 100 % of Gemma's 10,000,000
    // (seed) request cap, from the body formula itself.
    const ModelProfile gemma = profile(QStringLiteral("databricks-gemma-3-12b"));
    QCOMPARE(gemma.limits.maxRequestBytes, qint64(10'000'000));
    const QString prompt = QStringLiteral("Q");
    auto bodyFor = [&](qint64 raw) { return expectedPayload(gemma.endpoint, prompt, {{QStringLiteral("image/jpeg"), raw}}); };
    auto rawFor = [&](qint64 target) { // largest raw size whose body is <= target
        qint64 lo = 0, hi = target;
        while (lo < hi) {
            const qint64 mid = (lo + hi + 1) / 2;
            if (bodyFor(mid) <= target)
                lo = mid;
            else
                hi = mid - 1;
        }
        return lo;
    };
    struct Case
    {
        qint64 raw;
        Meter::Level level;
    };
    const qint64 at80 = rawFor(8'000'000), at100 = rawFor(10'000'000);
    QVERIFY(bodyFor(at80) <= 8'000'000 && bodyFor(at80 + 3) > 8'000'000);
    const QList<Case> cases = {
        {at80 - 3, Meter::Level::Ok}, // one base64 quantum less: below 80 %
        {at80 + 3, Meter::Level::Near},
        {at100, Meter::Level::Near},
        {at100 + 3, Meter::Level::Over},
    };
    for (const Case &c : cases) {
        const Evaluation ev = evaluate(gemma, {ready(QStringLiteral("x.jpg"), "jpeg", QSize(1000, 800), c.raw)}, prompt);
        QCOMPARE(ev.payload.value, bodyFor(c.raw));
        QCOMPARE(int(ev.payload.level), int(c.level));
        QCOMPARE(ev.canSend, c.level != Meter::Level::Over);
    }
}

void TestEvaluation::blockerLoading()
{
    QList<ItemFacts> items = nJpegs(2);
    items << loading(QStringLiteral("slow.jpg"));
    const Evaluation ev = evaluate(profile(Claude), items, QStringLiteral("Q"));
    QVERIFY(!ev.canSend);
    QVERIFY2(ev.blocker.contains(QLatin1String("Reading")), qPrintable(ev.blocker));
    QVERIFY(ev.count.estimate);
    QVERIFY(ev.payload.estimate);
    QCOMPARE(int(ev.items.at(2).state), int(ItemVerdict::State::Loading));
    QCOMPARE(ev.count.value, qint64(2)); // the one being read isn't counted yet
}

void TestEvaluation::blockerTooManyImages()
{
    const Evaluation ev = evaluate(profile(Llama), nJpegs(7), QStringLiteral("Q"));
    QVERIFY(!ev.canSend);
    QCOMPARE(int(ev.count.level), int(Meter::Level::Over));
    // Says how many there are, the model's limit and how many to remove.
    QVERIFY2(ev.blocker.contains(QLatin1String("7")) && ev.blocker.contains(QLatin1String("5"))
                 && ev.blocker.contains(QLatin1String("remove 2")) && ev.blocker.contains(QLatin1String("Llama 4")),
             qPrintable(ev.blocker));
}

void TestEvaluation::blockerPerImageTooLarge()
{
    // A1/A3: 5,242,880 bytes per image, measured on base64. A 4,000,000-byte JPEG is 5,333,336 as base64.
    const ModelProfile claude = profile(Claude);
    QCOMPARE(claude.limits.maxImageBytes, qint64(5'242'880));
    QCOMPARE(base64Length(4'000'000), qint64(5'333'336));
    QList<ItemFacts> items{ready(QStringLiteral("small.jpg"), "jpeg", QSize(1000, 800), 200'000),
                           ready(QStringLiteral("huge.jpg"), "jpeg", QSize(3000, 2000), 4'000'000)};
    const Evaluation ev = evaluate(claude, items, QStringLiteral("Q"));
    QCOMPARE(int(ev.items.at(0).state), int(ItemVerdict::State::Ok));
    QCOMPARE(int(ev.items.at(1).state), int(ItemVerdict::State::TooLarge));
    QVERIFY(ev.items.at(1).blocking);
    QVERIFY(!ev.items.at(0).blocking);
    QVERIFY(!ev.canSend);
    QVERIFY2(ev.blocker.contains(QLatin1String("huge.jpg")), qPrintable(ev.blocker));
    QVERIFY2(ev.items.at(1).text.contains(QLatin1String("Fit")), qPrintable(ev.items.at(1).text));

    // The boundary: 3,932,160 raw bytes are exactly 5,242,880 as base64 (allowed); 3 more are over.
    QCOMPARE(base64Length(3'932'160), qint64(5'242'880));
    const Evaluation atLimit =
        evaluate(claude, {ready(QStringLiteral("edge.jpg"), "jpeg", QSize(3000, 2000), 3'932'160)}, QStringLiteral("Q"));
    QCOMPARE(int(atLimit.items.at(0).state), int(ItemVerdict::State::Ok));
    QVERIFY(atLimit.canSend);
    const Evaluation overLimit =
        evaluate(claude, {ready(QStringLiteral("edge.jpg"), "jpeg", QSize(3000, 2000), 3'932'161)}, QStringLiteral("Q"));
    QCOMPARE(int(overLimit.items.at(0).state), int(ItemVerdict::State::TooLarge));
}

void TestEvaluation::blockerPayloadOver()
{
    // Three 3,000,000-byte JPEGs: each 4,000,000 as base64 (under Claude's per-image 5,242,880), but
    // together over the 10,000,000-byte Databricks request cap.
    const ModelProfile claude = profile(Claude);
    const Evaluation ev = evaluate(claude, nJpegs(3, QSize(3000, 2000), 3'000'000), QStringLiteral("Q"));
    for (const ItemVerdict &v : ev.items)
        QCOMPARE(int(v.state), int(ItemVerdict::State::Ok));
    QVERIFY(ev.payload.value > 12'000'000);
    QCOMPARE(int(ev.payload.level), int(Meter::Level::Over));
    QVERIFY(!ev.canSend);
    QVERIFY2(ev.blocker.contains(QLatin1String("request")), qPrintable(ev.blocker));
    QVERIFY2(ev.blocker.contains(QLatin1String("Fit to Model")), qPrintable(ev.blocker));
}

void TestEvaluation::blockerPreparing()
{
    // A TIFF on Claude must be converted; until the bytes exist Send waits.
    ItemFacts tiff = ready(QStringLiteral("scan.tiff"), "tiff", QSize(1200, 900), 3'240'000);
    const Evaluation ev = evaluate(profile(Claude), {tiff}, QStringLiteral("Q"));
    QCOMPARE(int(ev.items.at(0).state), int(ItemVerdict::State::Convert));
    QVERIFY(ev.items.at(0).needsPrepare);
    QVERIFY(!ev.canSend);
    QVERIFY2(ev.blocker.contains(QLatin1String("Preparing")), qPrintable(ev.blocker));
    QVERIFY(ev.payload.estimate);
}

void TestEvaluation::emptyTrayNeedsAPrompt()
{
    const Evaluation none = evaluate(profile(Claude), {}, QStringLiteral("   "));
    QVERIFY(!none.canSend);
    QVERIFY(!none.blocker.isEmpty());
    QCOMPARE(none.count.value, qint64(0));
    QCOMPARE(none.payload.value, expectedPayload(Claude, QStringLiteral("   "), {}));
    const Evaluation text = evaluate(profile(Claude), {}, QStringLiteral("Just a question"));
    QVERIFY(text.canSend);
}

void TestEvaluation::convertTiffAndBmp_data()
{
    QTest::addColumn<QByteArray>("format");
    QTest::addColumn<bool>("photo");
    QTest::addColumn<QByteArray>("target");
    QTest::newRow("tiff screenshot -> png") << QByteArray("tiff") << false << QByteArray("png");
    QTest::newRow("tiff photo -> jpeg") << QByteArray("tiff") << true << QByteArray("jpeg");
    QTest::newRow("bmp screenshot -> png") << QByteArray("bmp") << false << QByteArray("png");
    QTest::newRow("bmp photo -> jpeg") << QByteArray("bmp") << true << QByteArray("jpeg");
}

void TestEvaluation::convertTiffAndBmp()
{
    QFETCH(QByteArray, format);
    QFETCH(bool, photo);
    QFETCH(QByteArray, target);
    // Real files, so photoLike comes from the probe, not from the test.
    const QImage img = photo ? test::photoImage(QSize(320, 240)) : test::screenshotImage(QSize(320, 240));
    const QByteArray bytes = format == "tiff" ? test::tiffBytes(img) : test::bmpBytes(img);
    const ProbeResult probe = probeImage(bytes);
    QVERIFY2(probe.ok, qPrintable(probe.error));
    QCOMPARE(probe.info.format, format);
    QCOMPARE(probe.info.photoLike, photo);

    ItemFacts f;
    f.stage = ItemFacts::Stage::Ready;
    f.name = QStringLiteral("image.") + QString::fromLatin1(format);
    f.info = probe.info;
    const Evaluation ev = evaluate(profile(Claude), {f}, QStringLiteral("Q"));
    const ItemVerdict &v = ev.items.at(0);
    QCOMPARE(int(v.state), int(ItemVerdict::State::Convert));
    QCOMPARE(v.plan.targetFormat, target);
    QCOMPARE(v.plan.targetSize, QSize(320, 240));
    QVERIFY2(v.text.contains(QString::fromLatin1(target).toUpper()), qPrintable(v.text));
    QCOMPARE(v.tokens, int(std::ceil(320.0 * 240 / 750)));
}

void TestEvaluation::downscaleOverSideLimit()
{
    // A1: 8000 px per side. 9000x6000 -> 8000x5333.
    const Evaluation ev = evaluate(profile(Claude), {ready(QStringLiteral("pano.jpg"), "jpeg", QSize(9000, 6000), 3'000'000)},
                                   QStringLiteral("Q"));
    const ItemVerdict &v = ev.items.at(0);
    QCOMPARE(int(v.state), int(ItemVerdict::State::Downscale));
    QCOMPARE(v.plan.targetSize, QSize(8000, int(6000.0 * 8000 / 9000)));
    QCOMPARE(v.plan.targetFormat, QByteArray("jpeg"));
    QVERIFY(v.needsPrepare);
    QVERIFY2(v.text.contains(QLatin1String("8000")), qPrintable(v.text));
    // Tokens of the size that will be sent (then scaled to 1568 by the formula and capped at 1,600).
    QCOMPARE(v.tokens, 1600);
}

void TestEvaluation::manyImagesRuleDownscales()
{
    // 2500x1000 is fine with 20 images, but above 20 the side cap is 2000 px (A1).
    QList<ItemFacts> items = nJpegs(19, QSize(400, 300), 20'000);
    items << ready(QStringLiteral("wide.jpg"), "jpeg", QSize(2500, 1000), 300'000);
    const Evaluation twenty = evaluate(profile(Claude), items, QStringLiteral("Q"));
    QCOMPARE(twenty.count.value, qint64(20));
    QCOMPARE(int(twenty.items.last().state), int(ItemVerdict::State::Ok));

    items.prepend(ready(QStringLiteral("one-more.jpg"), "jpeg", QSize(400, 300), 20'000));
    const Evaluation twentyOne = evaluate(profile(Claude), items, QStringLiteral("Q"));
    QCOMPARE(twentyOne.count.value, qint64(21));
    const ItemVerdict &v = twentyOne.items.last();
    QCOMPARE(int(v.state), int(ItemVerdict::State::Downscale));
    QCOMPARE(v.plan.targetSize, QSize(2000, 800));
    // The small ones are still fine.
    QCOMPARE(int(twentyOne.items.first().state), int(ItemVerdict::State::Ok));
}

void TestEvaluation::noPreparationWhileCountIsOver()
{
    // Five TIFFs need converting for Llama 4 (5 images at most): each asks for a variant...
    QList<ItemFacts> items;
    for (int i = 0; i < 5; ++i)
        items << ready(QStringLiteral("scan%1.tiff").arg(i), "tiff", QSize(800, 600), 1'440'000);
    const Evaluation five = evaluate(profile(Llama), items, QStringLiteral("Q"));
    for (const ItemVerdict &v : five.items) {
        QCOMPARE(int(v.state), int(ItemVerdict::State::Convert));
        QVERIFY(v.needsPrepare);
    }
    // ...but with a sixth, the count must come down first: nothing is prepared, and the blocker
    // says why, not "Preparing".
    items << ready(QStringLiteral("scan5.tiff"), "tiff", QSize(800, 600), 1'440'000);
    const Evaluation six = evaluate(profile(Llama), items, QStringLiteral("Q"));
    for (const ItemVerdict &v : six.items) {
        QCOMPARE(int(v.state), int(ItemVerdict::State::Convert));
        QVERIFY(!v.needsPrepare);
    }
    QVERIFY2(six.blocker.contains(QLatin1String("remove 1")), qPrintable(six.blocker));
}

void TestEvaluation::preparedVariantReplacesEstimate()
{
    ItemFacts tiff = ready(QStringLiteral("scan.tiff"), "tiff", QSize(1200, 900), 3'240'000);
    const Evaluation first = evaluate(profile(Claude), {tiff}, QStringLiteral("Q"));
    const SendPlan plan = first.items.at(0).plan;
    tiff.preparedKey = plan.key();
    tiff.preparedBytes = 180'000;
    tiff.preparedSize = plan.targetSize;
    const Evaluation ev = evaluate(profile(Claude), {tiff}, QStringLiteral("Q"));
    const ItemVerdict &v = ev.items.at(0);
    QCOMPARE(int(v.state), int(ItemVerdict::State::Convert));
    QVERIFY(!v.needsPrepare);
    QCOMPARE(v.sendBytes, qint64(180'000));
    QVERIFY(ev.canSend);
    QVERIFY(!ev.payload.estimate);
    QCOMPARE(ev.payload.value, expectedPayload(Claude, QStringLiteral("Q"), {{mimeForFormat(plan.targetFormat), 180'000}}));

    // Bytes prepared for another plan (another key) don't count.
    tiff.preparedKey = QStringLiteral("something else");
    QVERIFY(evaluate(profile(Claude), {tiff}, QStringLiteral("Q")).items.at(0).needsPrepare);
}

void TestEvaluation::prepareErrorBlocks()
{
    ItemFacts tiff = ready(QStringLiteral("scan.tiff"), "tiff", QSize(1200, 900), 3'240'000);
    const SendPlan plan = evaluate(profile(Claude), {tiff}, QString()).items.at(0).plan;
    tiff.preparedKey = plan.key();
    tiff.prepareError = QStringLiteral("decoder exploded");
    const Evaluation ev = evaluate(profile(Claude), {tiff}, QStringLiteral("Q"));
    QCOMPARE(int(ev.items.at(0).state), int(ItemVerdict::State::Failed));
    QVERIFY(ev.items.at(0).text.contains(QLatin1String("decoder exploded")));
    QVERIFY(!ev.canSend);
    QVERIFY(!ev.blocker.isEmpty());
}

void TestEvaluation::fittedVariantWins()
{
    // Over the side cap and the per-image limit as it is; Fit to Model made a 1568-px JPEG.
    ItemFacts big = ready(QStringLiteral("big.jpg"), "jpeg", QSize(9000, 6000), 9'000'000);
    big.fittedFormat = "jpeg";
    big.fittedSize = QSize(1568, 1045);
    big.fittedBytes = 420'000;
    const Evaluation ev = evaluate(profile(Claude), {big}, QStringLiteral("Q"));
    const ItemVerdict &v = ev.items.at(0);
    QCOMPARE(int(v.state), int(ItemVerdict::State::Fitted));
    QCOMPARE(v.sendBytes, qint64(420'000));
    QCOMPARE(v.sendSize, QSize(1568, 1045));
    QVERIFY(!v.needsPrepare);
    QCOMPARE(v.tokens, std::min(1600, int(std::ceil(1568.0 * 1045 / 750)))); // A1: about 1,600 at most
    QCOMPARE(ev.payload.value, expectedPayload(Claude, QStringLiteral("Q"), {{QStringLiteral("image/jpeg"), 420'000}}));
    QVERIFY(ev.canSend);
}

void TestEvaluation::unusableFittedVariantIsIgnored()
{
    // A WebP fitted variant means nothing to Llama 4 (JPEG and PNG only): the plan applies instead.
    ItemFacts item = ready(QStringLiteral("p.jpg"), "jpeg", QSize(1000, 800), 200'000);
    item.fittedFormat = "webp";
    item.fittedSize = QSize(800, 640);
    item.fittedBytes = 50'000;
    const Evaluation ev = evaluate(profile(Llama), {item}, QStringLiteral("Q"));
    QCOMPARE(int(ev.items.at(0).state), int(ItemVerdict::State::Ok));
    QCOMPARE(ev.items.at(0).sendBytes, qint64(200'000));

    // A fitted variant over the side cap that applies now (21 images on Claude: 2000 px) is ignored too.
    QList<ItemFacts> items = nJpegs(20, QSize(300, 200), 10'000);
    ItemFacts wide = ready(QStringLiteral("wide.jpg"), "jpeg", QSize(3000, 1200), 400'000);
    wide.fittedFormat = "jpeg";
    wide.fittedSize = QSize(2500, 1000);
    wide.fittedBytes = 300'000;
    items << wide;
    const Evaluation many = evaluate(profile(Claude), items, QStringLiteral("Q"));
    QCOMPARE(int(many.items.last().state), int(ItemVerdict::State::Downscale));
    QCOMPARE(many.items.last().plan.targetSize, QSize(2000, 800));
}

void TestEvaluation::failedItemIsNotedNotBlocking()
{
    QList<ItemFacts> items = nJpegs(2);
    items.insert(1, failed(QStringLiteral("notes.jpg"), QStringLiteral("This is not an image: it looks like plain text.")));
    const Evaluation ev = evaluate(profile(Llama), items, QStringLiteral("Q"));
    QCOMPARE(ev.items.size(), 3);
    QCOMPARE(int(ev.items.at(1).state), int(ItemVerdict::State::Failed));
    QCOMPARE(ev.items.at(1).text, items.at(1).error);
    QVERIFY(!ev.items.at(1).blocking);
    QCOMPARE(ev.count.value, qint64(2));
    // Left out of the body.
    QCOMPARE(ev.payload.value, expectedPayload(Llama, QStringLiteral("Q"),
                                               {{QStringLiteral("image/jpeg"), 100'000}, {QStringLiteral("image/jpeg"), 100'001}}));
    QVERIFY(ev.canSend);
    QVERIFY(std::any_of(ev.notes.begin(), ev.notes.end(), [](const QString &n) { return n.contains(QLatin1String("left out")); }));
}

void TestEvaluation::genericModelIsNoted()
{
    const Evaluation ev = evaluate(profile(QStringLiteral("my-custom-vlm")), nJpegs(1), QStringLiteral("Q"));
    QVERIFY(std::any_of(ev.notes.begin(), ev.notes.end(),
                        [](const QString &n) { return n.contains(QLatin1String("my-custom-vlm")); }));
    const Evaluation known = evaluate(profile(Claude), nJpegs(1), QStringLiteral("Q"));
    QVERIFY(known.notes.isEmpty());
}

void TestEvaluation::switchingProfileFlipsMeters()
{
    // The same six images: fine for Claude (100), over for Llama 4 (5).
    const QList<ItemFacts> items = nJpegs(6, QSize(1024, 768), 150'000);
    const Evaluation claude = evaluate(profile(Claude), items, QStringLiteral("Q"));
    const Evaluation llama = evaluate(profile(Llama), items, QStringLiteral("Q"));
    QCOMPARE(int(claude.count.level), int(Meter::Level::Ok));
    QVERIFY(claude.canSend);
    QCOMPARE(int(llama.count.level), int(Meter::Level::Over));
    QVERIFY(!llama.canSend);
    // The body differs only by the model name.
    QCOMPARE(llama.payload.value - claude.payload.value, qint64(Llama.size() - Claude.size()));
    // Token formulas differ: Llama 4 tiles 1024x768 into 4x3 -> 12 tiles + global.
    QCOMPARE(llama.items.at(0).tokens, 144 * (12 + 1));
    QCOMPARE(claude.items.at(0).tokens, int(std::ceil(1024.0 * 768 / 750)));

    // Formats too: a WebP is fine for Claude and converted for Llama.
    const ItemFacts webp = ready(QStringLiteral("w.webp"), "webp", QSize(640, 480), 40'000);
    QCOMPARE(int(evaluate(profile(Claude), {webp}, QString()).items.at(0).state), int(ItemVerdict::State::Ok));
    QCOMPARE(int(evaluate(profile(Llama), {webp}, QString()).items.at(0).state), int(ItemVerdict::State::Convert));
}

void TestEvaluation::animatedGifNote()
{
    ItemFacts gif = ready(QStringLiteral("a.gif"), "gif", QSize(200, 200), 40'000);
    gif.info.animated = true;
    const Evaluation ev = evaluate(profile(Claude), {gif}, QStringLiteral("Q"));
    QCOMPARE(int(ev.items.at(0).state), int(ItemVerdict::State::Ok));
    QVERIFY2(ev.items.at(0).text.contains(QLatin1String("first frame")), qPrintable(ev.items.at(0).text));
}


// Earlier turns travel with the new one: their images count against the per-request image limit,
// their text and images against the request size (the exact body with system prompt and history).
void TestEvaluation::earlierTurnsCountAgainstTheLimits()
{
    RequestContext ctx;
    ctx.system = QStringLiteral("Be brief.");
    BodyMessage earlierUser;
    earlierUser.text = QStringLiteral("What is in these?");
    for (int i = 0; i < 3; ++i)
        earlierUser.images << BodyImage{QStringLiteral("image/jpeg"), 150'000 + i, {}, {}};
    BodyMessage earlierAnswer;
    earlierAnswer.role = QStringLiteral("assistant");
    earlierAnswer.text = QStringLiteral("Three \"cats\".\nAll asleep.");
    ctx.history = {earlierUser, earlierAnswer};
    ctx.historyImageTokens = 3 * 1000;

    const QList<ItemFacts> two = nJpegs(2);
    const Evaluation ev = evaluate(profile(Llama), two, QStringLiteral("And now?"), ctx);
    QCOMPARE(ev.count.value, qint64(5)); // 3 earlier + 2 new: exactly Llama 4's 5
    QVERIFY(ev.canSend);
    QVERIFY2(ev.count.text.contains(QLatin1String("3 from earlier")), qPrintable(ev.count.text));
    ChatBodySpec spec;
    spec.model = profile(Llama).endpoint;
    spec.system = ctx.system;
    spec.messages = ctx.history;
    BodyMessage now;
    now.text = QStringLiteral("And now?");
    for (const ItemVerdict &v : ev.items)
        now.images << BodyImage{QStringLiteral("image/jpeg"), v.sendBytes, {}, {}};
    spec.messages << now;
    QCOMPARE(ev.payload.value, chatBodySize(spec));
    QVERIFY(ev.tokens.value >= 3000 + ev.items.at(0).tokens + ev.items.at(1).tokens);

    // One more new image is one too many; the blocker says earlier images can be left out.
    const Evaluation over = evaluate(profile(Llama), nJpegs(3), QStringLiteral("And now?"), ctx);
    QVERIFY(!over.canSend);
    QCOMPARE(int(over.count.level), int(Meter::Level::Over));
    QVERIFY2(over.blocker.contains(QLatin1String("earlier")), qPrintable(over.blocker));
    // Without the earlier images (left out of the context) the same three fit.
    RequestContext without = ctx;
    without.history[0].images.clear();
    without.historyImageTokens = 0;
    QVERIFY(evaluate(profile(Llama), nJpegs(3), QStringLiteral("And now?"), without).canSend);
    // A prompt-only follow-up is fine: the history alone doesn't need a new image.
    QVERIFY(evaluate(profile(Llama), {}, QStringLiteral("Why?"), ctx).canSend);
}

void TestEvaluation::earlierImagesTriggerTheManyImagesRule()
{
    // 19 earlier images plus 2 new ones make 21: Claude's 2000 px side cap applies to the new wide one.
    RequestContext ctx;
    BodyMessage earlier;
    earlier.text = QStringLiteral("Q");
    for (int i = 0; i < 19; ++i)
        earlier.images << BodyImage{QStringLiteral("image/jpeg"), 20'000, {}, {}};
    ctx.history = {earlier, BodyMessage{QStringLiteral("assistant"), QStringLiteral("A"), {}}};
    QList<ItemFacts> items = nJpegs(1, QSize(400, 300), 20'000);
    items << ready(QStringLiteral("wide.jpg"), "jpeg", QSize(2500, 1000), 300'000);
    const Evaluation ev = evaluate(profile(Claude), items, QStringLiteral("Q"), ctx);
    QCOMPARE(ev.count.value, qint64(21));
    QCOMPARE(int(ev.items.last().state), int(ItemVerdict::State::Downscale));
    QCOMPARE(ev.items.last().plan.targetSize, QSize(2000, 800));
    // Alone, the same two are sent as they are.
    QCOMPARE(int(evaluate(profile(Claude), items, QStringLiteral("Q")).items.last().state), int(ItemVerdict::State::Ok));
}

QTEST_GUILESS_MAIN(TestEvaluation)
#include "tst_evaluation.moc"
