// The chat-completions body: its size computed without encoding must equal the size of the body built,
// for any text and any images; the body must be valid JSON with the expected structure; the base64
// written in place must match Qt's encoder.

#include "core/util/base64.h"
#include "core/chat/requestbody.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include <limits>

using namespace squint;

namespace {

QByteArray randomBytes(qsizetype n, quint32 seed)
{
    QRandomGenerator g(seed);
    QByteArray b(n, '\0');
    for (qsizetype i = 0; i < n; ++i)
        b[i] = char(g.bounded(256));
    return b;
}

BodyImage image(const QString &mime, qsizetype n, quint32 seed)
{
    BodyImage img;
    img.mime = mime;
    img.data = randomBytes(n, seed);
    img.size = img.data.size();
    return img;
}

// Control characters U+0001..U+001F and DEL, every one JSON must escape (or may leave).
QString allControlChars()
{
    QString s;
    for (char16_t c = 1; c < 0x20; ++c)
        s += QChar(c);
    s += QChar(0x7F);
    return s;
}

const QList<qsizetype> imageSizes = {0, 1, 2, 3, 1000};
const QStringList mimes = {QStringLiteral("image/png"), QStringLiteral("image/jpeg"), QStringLiteral("image/webp"),
                           QStringLiteral("image/gif")};

} // namespace

class TestRequestBody : public QObject
{
    Q_OBJECT

private slots:
    void sizeMatchesBuiltBody_data();
    void sizeMatchesBuiltBody();
    void bodyStructure_data();
    void bodyStructure();
    void imagePartBytesIsTheGrowth_data();
    void imagePartBytesIsTheGrowth();
    void escapedLength_data();
    void escapedLength();
    void base64MatchesQt();
    void base64LengthFormula();
    void largeBodyIsExact();
    void labelsGoBeforeTheirImages();
    void hostileStringsStayStrings_data();
    void hostileStringsStayStrings();
    void infiniteTemperatureIsLeftOut();
    void responseFormatNamesTheColumns();
};

void TestRequestBody::sizeMatchesBuiltBody_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("system");
    QTest::addColumn<int>("imageCount");
    QTest::addColumn<int>("maxTokens");
    QTest::addColumn<double>("temperature");
    QTest::addColumn<bool>("stream");
    QTest::addColumn<bool>("includeUsage");

    const QList<QPair<const char *, QString>> texts = {
        {"empty", QString()},
        {"ascii", QStringLiteral("What is in this picture?")},
        {"quotes and backslashes", QStringLiteral(R"(He said "look" \ at C:\path\to\"file")")},
        {"newlines and tabs", QStringLiteral("line 1\nline 2\r\n\ttabbed\b\f")},
        {"control chars", allControlChars()},
        {"unicode", QStringLiteral("Größe, 日本語, Ελληνικά, עברית, \u2028\u2029")},
        {"emoji", QStringLiteral("Which cat? 🐈‍⬛ 👩🏽‍💻 🇩🇪")},
        {"slash and html", QStringLiteral("</script><b>&amp;</b> / \\/")},
    };
    int row = 0;
    for (const auto &[name, text] : texts) {
        for (int images : {0, 1, 5}) {
            const bool stream = row % 2 == 0;
            QTest::addRow("%s, %d images, %s", name, images, stream ? "stream" : "no stream")
                << text << (row % 3 == 0 ? QStringLiteral("You are \"careful\".\n") : QString()) << images
                << (row % 4 == 0 ? 0 : 1024 * row) << (row % 5 == 0 ? -1.0 : 0.1 * (row % 11)) << stream
                << (row % 3 != 1);
            ++row;
        }
    }
    QTest::newRow("temperature 1.0, usage, 3 images") << QStringLiteral("x") << QString() << 3 << 1 << 1.0 << true << true;
    QTest::newRow("temperature 0.333333, 4 images") << QStringLiteral("y") << QString() << 4 << 999999 << (1.0 / 3) << false
                                                    << true;
    QTest::newRow("temperature 2, 2 images") << QString() << QStringLiteral("s") << 2 << 0 << 2.0 << true << false;
}

void TestRequestBody::sizeMatchesBuiltBody()
{
    QFETCH(QString, text);
    QFETCH(QString, system);
    QFETCH(int, imageCount);
    QFETCH(int, maxTokens);
    QFETCH(double, temperature);
    QFETCH(bool, stream);
    QFETCH(bool, includeUsage);

    ChatBodySpec spec;
    spec.model = QStringLiteral("databricks-claude-sonnet-4-5");
    spec.system = system;
    spec.maxTokens = maxTokens;
    spec.temperature = temperature;
    spec.stream = stream;
    spec.includeUsage = includeUsage;
    BodyMessage m;
    m.text = text;
    for (int i = 0; i < imageCount; ++i)
        m.images << image(mimes.at(i % mimes.size()), imageSizes.at(i % imageSizes.size()), quint32(i + 1));
    spec.messages << m;

    const QByteArray body = buildChatBody(spec);
    QCOMPARE(chatBodySize(spec), qint64(body.size()));

    // And it is valid JSON that gives back exactly the text.
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    QVERIFY2(!doc.isNull(), qPrintable(pe.errorString() + QLatin1Char('\n') + QString::fromUtf8(body.left(400))));
    const QJsonArray messages = doc.object().value(QLatin1String("messages")).toArray();
    QCOMPARE(messages.size(), system.isEmpty() ? 1 : 2);
    const QJsonValue content = messages.last().toObject().value(QLatin1String("content"));
    const QString roundTrip = imageCount == 0 ? content.toString()
                                              : content.toArray().at(0).toObject().value(QLatin1String("text")).toString();
    QCOMPARE(roundTrip, text);
    if (!system.isEmpty())
        QCOMPARE(messages.first().toObject().value(QLatin1String("content")).toString(), system);
}

void TestRequestBody::bodyStructure_data()
{
    QTest::addColumn<int>("imageCount");
    for (int n = 0; n <= 5; ++n)
        QTest::addRow("%d images", n) << n;
}

void TestRequestBody::bodyStructure()
{
    QFETCH(int, imageCount);
    ChatBodySpec spec;
    spec.model = QStringLiteral("databricks-llama-4-maverick");
    spec.system = QStringLiteral("Be brief.");
    spec.maxTokens = 512;
    spec.temperature = 0.25;
    spec.stream = true;
    spec.includeUsage = true;
    BodyMessage m;
    m.text = QStringLiteral("Compare these \"images\".");
    QList<QByteArray> inputs;
    for (int i = 0; i < imageCount; ++i) {
        const BodyImage img = image(i % 2 ? QStringLiteral("image/jpeg") : QStringLiteral("image/png"),
                                    imageSizes.at(i % imageSizes.size()), quint32(100 + i));
        inputs << img.data;
        m.images << img;
    }
    spec.messages << m;

    const QByteArray body = buildChatBody(spec);
    QCOMPARE(chatBodySize(spec), qint64(body.size()));
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    QVERIFY(doc.isObject());
    const QJsonObject root = doc.object();
    QCOMPARE(root.value(QLatin1String("model")).toString(), spec.model);
    QCOMPARE(root.value(QLatin1String("max_tokens")).toInt(), 512);
    QCOMPARE(root.value(QLatin1String("temperature")).toDouble(), 0.25);
    QCOMPARE(root.value(QLatin1String("stream")).toBool(), true);
    QCOMPARE(root.value(QLatin1String("stream_options")).toObject().value(QLatin1String("include_usage")).toBool(), true);

    const QJsonArray messages = root.value(QLatin1String("messages")).toArray();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages.at(0).toObject().value(QLatin1String("role")).toString(), QStringLiteral("system"));
    QCOMPARE(messages.at(0).toObject().value(QLatin1String("content")).toString(), spec.system);
    const QJsonObject user = messages.at(1).toObject();
    QCOMPARE(user.value(QLatin1String("role")).toString(), QStringLiteral("user"));

    if (imageCount == 0) {
        QVERIFY(user.value(QLatin1String("content")).isString());
        QCOMPARE(user.value(QLatin1String("content")).toString(), m.text);
        return;
    }
    const QJsonArray parts = user.value(QLatin1String("content")).toArray();
    QCOMPARE(parts.size(), 1 + imageCount);
    // Text part first.
    QCOMPARE(parts.at(0).toObject().value(QLatin1String("type")).toString(), QStringLiteral("text"));
    QCOMPARE(parts.at(0).toObject().value(QLatin1String("text")).toString(), m.text);
    // Then one image_url part per image, in order, each a base64 data URL of the exact bytes.
    for (int i = 0; i < imageCount; ++i) {
        const QJsonObject part = parts.at(1 + i).toObject();
        QCOMPARE(part.value(QLatin1String("type")).toString(), QStringLiteral("image_url"));
        const QString url = part.value(QLatin1String("image_url")).toObject().value(QLatin1String("url")).toString();
        const QString prefix = QStringLiteral("data:") + m.images.at(i).mime + QStringLiteral(";base64,");
        QVERIFY2(url.startsWith(prefix), qPrintable(url.left(60)));
        const QByteArray b64 = url.mid(prefix.size()).toLatin1();
        QCOMPARE(b64.size(), 4 * ((inputs.at(i).size() + 2) / 3));
        const auto decoded = QByteArray::fromBase64Encoding(b64, QByteArray::AbortOnBase64DecodingErrors);
        QVERIFY(decoded);
        QCOMPARE(*decoded, inputs.at(i));
    }

    // Options left out when unset.
    spec.maxTokens = 0;
    spec.temperature = -1;
    spec.stream = false;
    spec.includeUsage = true; // only meaningful with streaming
    const QJsonObject bare = QJsonDocument::fromJson(buildChatBody(spec)).object();
    QVERIFY(!bare.contains(QLatin1String("max_tokens")));
    QVERIFY(!bare.contains(QLatin1String("temperature")));
    QVERIFY(!bare.contains(QLatin1String("stream_options")));
    QCOMPARE(bare.value(QLatin1String("stream")).toBool(true), false);
    QCOMPARE(chatBodySize(spec), qint64(buildChatBody(spec).size()));

    // Another name for the token field (newer OpenAI models).
    spec.maxTokens = 64;
    spec.maxTokensField = QStringLiteral("max_completion_tokens");
    const QJsonObject renamed = QJsonDocument::fromJson(buildChatBody(spec)).object();
    QCOMPARE(renamed.value(QLatin1String("max_completion_tokens")).toInt(), 64);
    QVERIFY(!renamed.contains(QLatin1String("max_tokens")));
}

void TestRequestBody::imagePartBytesIsTheGrowth_data()
{
    QTest::addColumn<QString>("mime");
    QTest::addColumn<int>("existing");
    QTest::addColumn<int>("bytes");
    for (const QString &mime : {QStringLiteral("image/png"), QStringLiteral("image/jpeg"), QStringLiteral("image/webp")})
        for (int existing : {1, 2, 4})
            for (int bytes : {0, 1, 2, 3, 4, 1000, 4097})
                QTest::addRow("%s after %d, %d bytes", qPrintable(mime), existing, bytes) << mime << existing << bytes;
}

void TestRequestBody::imagePartBytesIsTheGrowth()
{
    QFETCH(QString, mime);
    QFETCH(int, existing);
    QFETCH(int, bytes);
    ChatBodySpec spec;
    spec.model = QStringLiteral("m");
    BodyMessage m;
    m.text = QStringLiteral("prompt");
    for (int i = 0; i < existing; ++i)
        m.images << image(QStringLiteral("image/png"), 10 + i, quint32(i));
    spec.messages << m;
    const qint64 before = buildChatBody(spec).size();
    spec.messages[0].images << image(mime, bytes, 99);
    const qint64 after = buildChatBody(spec).size();
    QCOMPARE(imagePartBytes(mime, bytes), after - before);
    // The growth is the base64 plus a fixed framing that doesn't depend on the size.
    QCOMPARE(imagePartBytes(mime, bytes) - base64Length(bytes), imagePartBytes(mime, 0));
}

void TestRequestBody::escapedLength_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("ascii") << QStringLiteral("hello");
    QTest::newRow("quote") << QStringLiteral("\"");
    QTest::newRow("backslash") << QStringLiteral("\\");
    QTest::newRow("controls") << allControlChars();
    QTest::newRow("utf8 2-4 bytes") << QStringLiteral("é日🐈");
    QTest::newRow("mixed") << QStringLiteral("a\"b\\c\nd\u0001é");
}

void TestRequestBody::escapedLength()
{
    QFETCH(QString, text);
    // Independent: Qt's own JSON writer escapes differently (e.g. \u001f vs \u001F), but any valid
    // escaping gives back the text; the length must match what buildChatBody writes.
    ChatBodySpec spec;
    spec.model = text;
    spec.messages << BodyMessage{};
    const QByteArray body = buildChatBody(spec);
    const QByteArray prefix(R"({"model":")");
    const qsizetype end = body.indexOf(R"(","messages")");
    QVERIFY(end > 0);
    QCOMPARE(jsonEscapedLength(text), qint64(end - prefix.size()));
    QCOMPARE(QJsonDocument::fromJson(body).object().value(QLatin1String("model")).toString(), text);
    // Lower bound: at least the UTF-8 length.
    QVERIFY(jsonEscapedLength(text) >= text.toUtf8().size());
}

void TestRequestBody::base64MatchesQt()
{
    QRandomGenerator g(2024);
    for (int n = 0; n <= 300; ++n) {
        for (int round = 0; round < 3; ++round) {
            QByteArray in(n, '\0');
            for (int i = 0; i < n; ++i)
                in[i] = char(round == 0 ? 0xFF : round == 1 ? i : int(g.bounded(256)));
            QByteArray out(base64Length(n) + 2, '#');
            encodeBase64(in.constData(), n, out.data());
            // Exactly base64Length bytes written: the guard bytes after them are untouched.
            QCOMPARE(out.right(2), QByteArray("##"));
            out.chop(2);
            QCOMPARE(out, in.toBase64());
        }
    }
    // A big random block too.
    const QByteArray big = randomBytes(1 << 20, 7);
    QByteArray out(base64Length(big.size()), '\0');
    encodeBase64(big.constData(), big.size(), out.data());
    QCOMPARE(out, big.toBase64());
}

void TestRequestBody::base64LengthFormula()
{
    for (qint64 n = 0; n < 50; ++n)
        QCOMPARE(squint::base64Length(n), qint64(QByteArray(n, 'x').toBase64().size()));
    // The figures from the reference: 4,000,000 bytes -> 5,333,336; 4,916,923 -> 6,555,900 (A3).
    QCOMPARE(squint::base64Length(4'000'000), qint64(5'333'336));
    QCOMPARE(squint::base64Length(4'916'923), qint64(6'555'900));
}

void TestRequestBody::largeBodyIsExact()
{
    ChatBodySpec spec;
    spec.model = QStringLiteral("databricks-claude-sonnet-4-5");
    BodyMessage m;
    m.text = QStringLiteral("Describe.");
    for (int i = 0; i < 5; ++i)
        m.images << image(QStringLiteral("image/jpeg"), 300'000 + i, quint32(i));
    spec.messages << m;
    const QByteArray body = buildChatBody(spec);
    QCOMPARE(chatBodySize(spec), qint64(body.size()));
    // Size-only spec (no data, sizes set) gives the same figure: how the meter computes it.
    ChatBodySpec sizesOnly = spec;
    for (BodyImage &img : sizesOnly.messages[0].images)
        img.data.clear();
    QCOMPARE(chatBodySize(sizesOnly), qint64(body.size()));
}

// "Ask About These": each labelled image follows a text part with its label, in the order given, and
// the size computed without encoding still matches.
void TestRequestBody::labelsGoBeforeTheirImages()
{
    ChatBodySpec spec;
    spec.model = QStringLiteral("gpt-4o");
    BodyMessage m;
    m.text = QStringLiteral("What are the differences between these images?");
    for (int i = 0; i < 3; ++i) {
        BodyImage img = image(mimes.at(i), 40 + i, quint32(100 + i));
        img.label = imageLabel(i + 1);
        m.images << img;
    }
    BodyMessage plain;
    plain.text = QStringLiteral("No labels here");
    plain.images << image(mimes.at(0), 10, 7);
    spec.messages << plain << m;

    const QByteArray body = buildChatBody(spec);
    QCOMPARE(chatBodySize(spec), qint64(body.size()));
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    QVERIFY(doc.isObject());
    const QJsonArray messages = doc.object().value(QStringLiteral("messages")).toArray();
    // An unlabelled message: text, then its image, nothing between.
    const QJsonArray first = messages.at(0).toObject().value(QStringLiteral("content")).toArray();
    QCOMPARE(first.size(), 2);
    QCOMPARE(first.at(1).toObject().value(QStringLiteral("type")).toString(), QStringLiteral("image_url"));
    // The labelled one: prompt, then label / image pairs in order.
    const QJsonArray parts = messages.at(1).toObject().value(QStringLiteral("content")).toArray();
    QCOMPARE(parts.size(), 1 + 2 * 3);
    QCOMPARE(parts.at(0).toObject().value(QStringLiteral("text")).toString(), m.text);
    for (int i = 0; i < 3; ++i) {
        const QJsonObject label = parts.at(1 + 2 * i).toObject();
        const QJsonObject img = parts.at(2 + 2 * i).toObject();
        QCOMPARE(label.value(QStringLiteral("type")).toString(), QStringLiteral("text"));
        QCOMPARE(label.value(QStringLiteral("text")).toString(), QStringLiteral("Image %1:").arg(i + 1));
        const QString url = img.value(QStringLiteral("image_url")).toObject().value(QStringLiteral("url")).toString();
        QVERIFY(url.startsWith(QStringLiteral("data:") + mimes.at(i) + QStringLiteral(";base64,")));
        QCOMPARE(QByteArray::fromBase64(url.section(u',', 1).toLatin1()), m.images.at(i).data);
    }
}

void TestRequestBody::hostileStringsStayStrings_data()
{
    QTest::addColumn<QString>("hostile");
    QTest::newRow("key injection") << QStringLiteral(R"(image/png","n":50,"x":")");
    QTest::newRow("quote and backslash") << QStringLiteral("a\"b\\c\\\"");
    QTest::newRow("control characters") << (QStringLiteral("x") + allControlChars() + QStringLiteral("\",\"model\":\"y"));
    QTest::newRow("closing the object") << QStringLiteral(R"("}}],"model":"other","n":50,"messages":[{"x":")");
}

// A transcript or a server controls the mime, the model, the prompt, the label: whatever they hold,
// the body is JSON with exactly the keys Squint writes, and every string comes back as it went in.
void TestRequestBody::hostileStringsStayStrings()
{
    QFETCH(QString, hostile);
    ChatBodySpec spec;
    spec.model = hostile;
    spec.system = hostile;
    spec.maxTokens = 100;
    spec.maxTokensField = hostile;
    spec.temperature = 0.5;
    BodyMessage m;
    m.role = hostile;
    m.text = hostile;
    BodyImage img = image(hostile, 5, 3);
    img.label = hostile;
    m.images << img;
    spec.messages << m;

    const QByteArray body = buildChatBody(spec);
    QCOMPARE(chatBodySize(spec), qint64(body.size()));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    const QJsonObject root = doc.object();
    QStringList expectedKeys{QStringLiteral("model"), QStringLiteral("messages"), hostile, QStringLiteral("temperature"),
                             QStringLiteral("stream")};
    expectedKeys.sort();
    QCOMPARE(root.keys(), expectedKeys);
    QCOMPARE(root.value(QStringLiteral("model")).toString(), hostile);
    QCOMPARE(root.value(hostile).toInt(), 100);
    const QJsonArray messages = root.value(QStringLiteral("messages")).toArray();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages.at(0).toObject().value(QStringLiteral("content")).toString(), hostile);
    const QJsonObject user = messages.at(1).toObject();
    QCOMPARE(user.keys(), (QStringList{QStringLiteral("content"), QStringLiteral("role")}));
    QCOMPARE(user.value(QStringLiteral("role")).toString(), hostile);
    const QJsonArray parts = user.value(QStringLiteral("content")).toArray();
    QCOMPARE(parts.size(), 3);
    QCOMPARE(parts.at(0).toObject().value(QStringLiteral("text")).toString(), hostile);
    QCOMPARE(parts.at(1).toObject().value(QStringLiteral("text")).toString(), hostile);
    const QJsonObject imagePart = parts.at(2).toObject();
    QCOMPARE(imagePart.keys(), (QStringList{QStringLiteral("image_url"), QStringLiteral("type")}));
    const QJsonObject imageUrl = imagePart.value(QStringLiteral("image_url")).toObject();
    QCOMPARE(imageUrl.keys(), QStringList{QStringLiteral("url")});
    QCOMPARE(imageUrl.value(QStringLiteral("url")).toString(),
             QStringLiteral("data:") + hostile + QStringLiteral(";base64,") + QString::fromLatin1(img.data.toBase64()));
}

void TestRequestBody::infiniteTemperatureIsLeftOut()
{
    ChatBodySpec spec;
    spec.model = QStringLiteral("m");
    spec.temperature = std::numeric_limits<double>::infinity();
    const QByteArray body = buildChatBody(spec);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QVERIFY(!doc.object().contains(QStringLiteral("temperature")));
}

void TestRequestBody::responseFormatNamesTheColumns()
{
    // Column names come from the user: quotes, backslashes and control characters stay strings.
    ChatBodySpec spec;
    spec.model = QStringLiteral("gpt-4o");
    spec.messages << BodyMessage{QStringLiteral("user"), QStringLiteral("Describe"), {}};
    const QString hostile = QStringLiteral("a\"},\"x\":{\"type\":\"number\"}\n\\");
    spec.columns << BodyColumn{QStringLiteral("brand"), {QStringLiteral("string"), QStringLiteral("null")}}
                 << BodyColumn{hostile, {QStringLiteral("integer")}};
    spec.schemaName = QStringLiteral("squint_columns");
    const QByteArray body = buildChatBody(spec);
    QCOMPARE(chatBodySize(spec), qint64(body.size()));
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    QVERIFY2(!doc.isNull(), qPrintable(pe.errorString()));
    const QJsonObject rf = doc.object().value(QLatin1String("response_format")).toObject();
    QCOMPARE(rf.value(QLatin1String("type")).toString(), QStringLiteral("json_schema"));
    const QJsonObject js = rf.value(QLatin1String("json_schema")).toObject();
    QCOMPARE(js.value(QLatin1String("name")).toString(), QStringLiteral("squint_columns"));
    QCOMPARE(js.value(QLatin1String("strict")).toBool(), true);
    const QJsonObject schema = js.value(QLatin1String("schema")).toObject();
    QCOMPARE(schema.value(QLatin1String("type")).toString(), QStringLiteral("object"));
    QCOMPARE(schema.value(QLatin1String("additionalProperties")), QJsonValue(false));
    const QJsonObject props = schema.value(QLatin1String("properties")).toObject();
    QCOMPARE(props.size(), 2); // QJsonObject sorts its keys: check both are there
    QVERIFY(props.contains(QLatin1String("brand")) && props.contains(hostile));
    QCOMPARE(props.value(hostile).toObject().value(QLatin1String("type")).toArray(),
             QJsonArray({QStringLiteral("integer")}));
    QCOMPARE(props.value(QLatin1String("brand")).toObject().value(QLatin1String("type")).toArray(),
             QJsonArray({QStringLiteral("string"), QStringLiteral("null")}));
    QCOMPARE(schema.value(QLatin1String("required")).toArray(), QJsonArray({QStringLiteral("brand"), hostile}));
    // The stream flags still close the body, as ChatCall's fallbacks expect.
    QVERIFY(body.endsWith(R"(,"stream":true})"));

    spec.columns.clear();
    QVERIFY(!QJsonDocument::fromJson(buildChatBody(spec)).object().contains(QLatin1String("response_format")));
}

QTEST_GUILESS_MAIN(TestRequestBody)
#include "tst_requestbody.moc"
