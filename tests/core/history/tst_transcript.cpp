#include "core/history/transcript.h"
#include "core/markup/editlist.h"
#include "core/util/format.h"
#include "testimages.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextDocument>
#include <QTimeZone>
#include <QFont>
#include <QTextCursor>
#include <QTextTable>
#include <QUrl>
#include <QtTest>

using namespace squint;

namespace {

QByteArray sha256Hex(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

/// Every key of every object in `v`, recursively.
void collectKeys(const QJsonValue &v, QSet<QString> &keys)
{
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            keys.insert(it.key());
            collectKeys(it.value(), keys);
        }
    } else if (v.isArray()) {
        for (const QJsonValue &e : v.toArray())
            collectKeys(e, keys);
    }
}

/// Applies `change` to the JSON object of `json` and returns the result.
QByteArray mutate(const QByteArray &json, const std::function<void(QJsonObject &)> &change)
{
    QJsonObject root = QJsonDocument::fromJson(json).object();
    change(root);
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

/// root.turns[0].images[0] changed by `change`.
QByteArray mutateFirstImage(const QByteArray &json, const std::function<void(QJsonObject &)> &change)
{
    return mutate(json, [&](QJsonObject &root) {
        QJsonArray turns = root.value(QStringLiteral("turns")).toArray();
        QJsonObject turn = turns.at(0).toObject();
        QJsonArray images = turn.value(QStringLiteral("images")).toArray();
        QJsonObject image = images.at(0).toObject();
        change(image);
        images[0] = image;
        turn[QStringLiteral("images")] = images;
        turns[0] = turn;
        root[QStringLiteral("turns")] = turns;
    });
}

QByteArray mutateFirstTurn(const QByteArray &json, const std::function<void(QJsonObject &)> &change)
{
    return mutate(json, [&](QJsonObject &root) {
        QJsonArray turns = root.value(QStringLiteral("turns")).toArray();
        QJsonObject turn = turns.at(0).toObject();
        change(turn);
        turns[0] = turn;
        root[QStringLiteral("turns")] = turns;
    });
}

/// Sub-object `key` of `o` changed by `change`.
void mutateChild(QJsonObject &o, const QString &key, const std::function<void(QJsonObject &)> &change)
{
    QJsonObject child = o.value(key).toObject();
    change(child);
    o[key] = child;
}

} // namespace

class TstTranscript : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();

    void jsonRoundTrip();
    void jsonReexportIsStable();
    void jsonKeysAreAFixedSet();
    void jsonFailsWhenAnImageIsGone();
    void changedOriginalIsLeftOut();
    void everyStateRoundTrips_data();
    void everyStateRoundTrips();
    void errorKindSpellings_data();
    void errorKindSpellings();

    void importFailures_data();
    void importFailures();
    void importFileTooLarge();
    void importMissingFile();
    void importRefusesLargeFileBeforeReading();
    void importOfManyTurnsAndKeysIsLinear();

    void markdownWithAssets();
    void markdownEmbedded();
    void markdownEscapesPromptAndNotesStates();
    void markdownClosesOpenFence();
    void markdownAnswerIsInert();
    void markdownKeepsSafeStructure();

    void htmlIsInertAndSelfContained();
    void htmlShowsStatesAndDetails();

    void pdfHasTextAndImages();

    void writersAreAtomicAndReportErrors();

private:
    TranscriptData sample() const;

    QTemporaryDir m_dir;
    QByteArray m_png;      ///< sent bytes of the first image (a file)
    QByteArray m_jpeg;     ///< original of the first image (a file)
    QByteArray m_png2;     ///< second image: sent bytes only in TurnImage::data
    QByteArray m_bigPhoto; ///< a larger image (PDF growth)
    QString m_pngPath, m_jpegPath;
};

void TstTranscript::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_jpeg = test::photoJpeg(QSize(64, 48), 90, 7);
    m_png = test::photoPng(QSize(32, 24), 3);
    m_png2 = test::screenshotPng(QSize(20, 10));
    m_bigPhoto = test::photoPng(QSize(300, 200), 11);
    QVERIFY(!m_jpeg.isEmpty() && !m_png.isEmpty() && !m_png2.isEmpty() && !m_bigPhoto.isEmpty());
    m_jpegPath = test::writeFile(m_dir.path(), QStringLiteral("originals/holiday photo.jpg"), m_jpeg);
    m_pngPath = test::writeFile(m_dir.path(), QStringLiteral("cache/sent-1.png"), m_png);
    QVERIFY(!m_jpegPath.isEmpty() && !m_pngPath.isEmpty());
}

TranscriptData TstTranscript::sample() const
{
    TranscriptData data;
    data.title = QStringLiteral("Receipts & <cats>");
    data.exportedAt = QDateTime(QDate(2026, 11, 30), QTime(3, 4, 5, 678), Qt::UTC);
    data.parameters.system = QStringLiteral("You are terse.\nAnswer in English.");
    data.parameters.temperature = 0.25;
    data.parameters.maxTokens = 1234;
    data.parameters.stream = false;

    Turn done;
    done.id = 1;
    done.prompt = QStringLiteral("What is in **this** photo?\n# Not a heading\n1. not a list <b>x</b>");
    done.askedAt = QDateTime(QDate(2026, 11, 29), QTime(22, 0, 1, 250), Qt::UTC);
    done.state = Turn::State::Done;
    done.answer = QStringLiteral("A **cat** on a receipt.\n\n- one\n- two\n");
    done.reasoning = QStringLiteral("Looked at the fur.");
    done.model = QStringLiteral("databricks-claude-sonnet");
    done.connectionName = QStringLiteral("Databricks (dbc-1234.cloud.databricks.com)");
    done.finishReason = QStringLiteral("stop");
    done.usage = TokenUsage{1500, 42, 1542, 7};
    done.firstTokenMs = 812;
    done.totalMs = 3204;
    done.imagesInContext = false;
    done.labelImages = true;
    TurnImage a;
    a.name = QStringLiteral("../holiday photo (1).jpg");
    a.originalPath = m_jpegPath;
    a.sha256 = sha256Hex(m_jpeg);
    a.mime = QStringLiteral("image/png");
    a.sentPath = m_pngPath;
    a.sentBytes = m_png.size();
    a.sentSize = QSize(32, 24);
    a.tokens = 85;
    Edit redact{Edit::Kind::Redact};
    redact.rect = QRect(1, 2, 10, 8);
    a.edits = editListToJson({redact}); // marked up in the editor before sending
    TurnImage b;
    b.name = QStringLiteral("pasted.png");
    b.sha256 = sha256Hex(m_png2);
    b.mime = QStringLiteral("image/png");
    b.data = m_png2;
    b.sentBytes = m_png2.size();
    b.sentSize = QSize(20, 10);
    b.tokens = 12;
    done.images = {a, b};

    Turn failed;
    failed.id = 2;
    failed.prompt = QStringLiteral("And now?");
    failed.askedAt = QDateTime(QDate(2026, 11, 29), QTime(22, 1, 0), Qt::UTC);
    failed.state = Turn::State::Failed;
    failed.answer = QStringLiteral("Partial");
    failed.model = QStringLiteral("gpt-4o");
    failed.connectionName = QStringLiteral("OpenAI");
    failed.error.kind = ApiError::Kind::Http;
    failed.error.status = 429;
    failed.error.code = QStringLiteral("rate_limit_exceeded");
    failed.error.param = QStringLiteral("messages");
    failed.error.serverMessage = QStringLiteral("Rate limit reached");
    failed.error.message = QStringLiteral("The server refused the request (429): Rate limit reached.");
    failed.error.hint = QStringLiteral("Wait a minute, then retry.");

    Turn stopped;
    stopped.id = 3;
    stopped.prompt = QStringLiteral("Describe it at length.");
    stopped.state = Turn::State::Stopped;
    stopped.answer = QStringLiteral("It is a long story about");
    stopped.model = QStringLiteral("llava");
    stopped.usage = TokenUsage{-1, 9, -1, -1};
    stopped.firstTokenMs = 100;
    stopped.error.kind = ApiError::Kind::Canceled;
    stopped.error.message = QStringLiteral("Stopped.");

    data.turns = {done, failed, stopped};
    return data;
}

// ---- JSON -----------------------------------------------------------------------------------------

void TstTranscript::jsonRoundTrip()
{
    const TranscriptData in = sample();
    const QString path = m_dir.filePath(QStringLiteral("roundtrip.json"));
    QString error;
    QVERIFY2(writeJson(in, path, &error), qPrintable(error));
    const std::optional<TranscriptData> out = readJsonFile(path, &error);
    QVERIFY2(out, qPrintable(error));

    QCOMPARE(out->title, in.title);
    QCOMPARE(out->exportedAt, in.exportedAt);
    QCOMPARE(out->parameters.system, in.parameters.system);
    QCOMPARE(out->parameters.temperature, in.parameters.temperature);
    QCOMPARE(out->parameters.maxTokens, in.parameters.maxTokens);
    QCOMPARE(out->parameters.stream, in.parameters.stream);
    QCOMPARE(out->turns.size(), in.turns.size());
    for (int t = 0; t < in.turns.size(); ++t) {
        const Turn &a = in.turns.at(t);
        const Turn &b = out->turns.at(t);
        QCOMPARE(b.prompt, a.prompt);
        QCOMPARE(b.askedAt, a.askedAt);
        QCOMPARE(b.askedAt.isValid(), a.askedAt.isValid());
        QCOMPARE(b.state, a.state);
        QCOMPARE(b.answer, a.answer);
        QCOMPARE(b.reasoning, a.reasoning);
        QCOMPARE(b.model, a.model);
        QCOMPARE(b.connectionName, a.connectionName);
        QCOMPARE(b.finishReason, a.finishReason);
        QCOMPARE(b.usage.prompt, a.usage.prompt);
        QCOMPARE(b.usage.completion, a.usage.completion);
        QCOMPARE(b.usage.total, a.usage.total);
        QCOMPARE(b.usage.reasoning, a.usage.reasoning);
        QCOMPARE(b.firstTokenMs, a.firstTokenMs);
        QCOMPARE(b.totalMs, a.totalMs);
        QCOMPARE(b.imagesInContext, a.imagesInContext);
        QCOMPARE(b.labelImages, a.labelImages);
        QCOMPARE(b.error.kind, a.error.kind);
        QCOMPARE(b.error.status, a.error.status);
        QCOMPARE(b.error.code, a.error.code);
        QCOMPARE(b.error.param, a.error.param);
        QCOMPARE(b.error.serverMessage, a.error.serverMessage);
        QCOMPARE(b.error.message, a.error.message);
        QCOMPARE(b.error.hint, a.error.hint);
        QCOMPARE(b.images.size(), a.images.size());
        for (int i = 0; i < a.images.size(); ++i) {
            const TurnImage &x = a.images.at(i);
            const TurnImage &y = b.images.at(i);
            QCOMPARE(y.name, x.name);
            QCOMPARE(y.sha256, x.sha256);
            QCOMPARE(y.mime, x.mime);
            QCOMPARE(y.sentSize, x.sentSize);
            QCOMPARE(y.sentBytes, x.sentBytes);
            QCOMPARE(y.tokens, x.tokens);
            QCOMPARE(y.edits, x.edits);
            QCOMPARE(y.data, transcriptImageBytes(x).sent);
            QVERIFY(y.sentPath.isEmpty());
            QVERIFY(y.originalPath.isEmpty());
        }
    }
    QCOMPARE(out->turns.at(0).images.at(0).data, m_png);
    QCOMPARE(out->turns.at(0).images.at(1).data, m_png2);

    // The original travels too, with its type.
    const QJsonObject root = QJsonDocument::fromJson(readAll(path)).object();
    const QJsonObject original = root[QStringLiteral("turns")][0][QStringLiteral("images")][0][QStringLiteral("original")].toObject();
    QCOMPARE(QByteArray::fromBase64(original[QStringLiteral("bytes")].toString().toLatin1()), m_jpeg);
    QCOMPARE(original[QStringLiteral("mime")].toString(), QStringLiteral("image/jpeg"));
    QCOMPARE(original[QStringLiteral("sha256")].toString().toLatin1(), sha256Hex(m_jpeg));
    // Unknown values are null, not made-up numbers.
    const QJsonObject stoppedUsage = root[QStringLiteral("turns")][2][QStringLiteral("usage")].toObject();
    QVERIFY(stoppedUsage[QStringLiteral("prompt_tokens")].isNull());
    QCOMPARE(stoppedUsage[QStringLiteral("completion_tokens")].toInt(), 9);
    QVERIFY(root[QStringLiteral("turns")][1][QStringLiteral("asked_at")].isString());
    QVERIFY(root[QStringLiteral("turns")][2][QStringLiteral("asked_at")].isNull());
    QCOMPARE(root[QStringLiteral("format")].toString(), QStringLiteral("squint-transcript"));
    QCOMPARE(root[QStringLiteral("version")].toInt(), 1);
}

void TstTranscript::jsonReexportIsStable()
{
    QString error;
    const QByteArray first = toJson(sample(), &error);
    QVERIFY2(!first.isEmpty(), qPrintable(error));
    const std::optional<TranscriptData> read = readJson(first, &error);
    QVERIFY2(read, qPrintable(error));
    const QByteArray second = toJson(*read, &error);
    QVERIFY2(!second.isEmpty(), qPrintable(error));
    // Identical apart from the original's bytes, which an imported transcript no longer has.
    const auto strip = [](const QByteArray &json) {
        return mutateFirstImage(json, [](QJsonObject &image) {
            mutateChild(image, QStringLiteral("original"), [](QJsonObject &o) {
                o.remove(QStringLiteral("bytes"));
                o.remove(QStringLiteral("mime"));
            });
        });
    };
    QCOMPARE(strip(second), strip(first));
    const std::optional<TranscriptData> again = readJson(second, &error);
    QVERIFY2(again, qPrintable(error));
}

void TstTranscript::jsonKeysAreAFixedSet()
{
    TranscriptData data = sample();
    // Whatever the strings hold, the structure (and so the keys) does not change.
    data.turns[0].connectionName = QStringLiteral("token: dapi0123456789abcdef (Bearer x)");
    QString error;
    const QByteArray json = toJson(data, &error);
    QVERIFY2(!json.isEmpty(), qPrintable(error));
    QSet<QString> keys;
    collectKeys(QJsonDocument::fromJson(json).object(), keys);
    const QSet<QString> expected{
        QStringLiteral("format"),
        QStringLiteral("version"),
        QStringLiteral("title"),
        QStringLiteral("exported_at"),
        QStringLiteral("parameters"),
        QStringLiteral("system"),
        QStringLiteral("temperature"),
        QStringLiteral("max_tokens"),
        QStringLiteral("stream"),
        QStringLiteral("turns"),
        QStringLiteral("prompt"),
        QStringLiteral("asked_at"),
        QStringLiteral("state"),
        QStringLiteral("answer"),
        QStringLiteral("reasoning"),
        QStringLiteral("model"),
        QStringLiteral("connection"),
        QStringLiteral("finish_reason"),
        QStringLiteral("usage"),
        QStringLiteral("prompt_tokens"),
        QStringLiteral("completion_tokens"),
        QStringLiteral("total_tokens"),
        QStringLiteral("reasoning_tokens"),
        QStringLiteral("first_token_ms"),
        QStringLiteral("total_ms"),
        QStringLiteral("error"),
        QStringLiteral("kind"),
        QStringLiteral("status"),
        QStringLiteral("code"),
        QStringLiteral("param"),
        QStringLiteral("server_message"),
        QStringLiteral("message"),
        QStringLiteral("hint"),
        QStringLiteral("images_in_context"),
        QStringLiteral("label_images"),
        QStringLiteral("images"),
        QStringLiteral("name"),
        QStringLiteral("original"),
        QStringLiteral("sha256"),
        QStringLiteral("mime"),
        QStringLiteral("bytes"),
        QStringLiteral("sent"),
        QStringLiteral("width"),
        QStringLiteral("height"),
        QStringLiteral("tokens"),
        QStringLiteral("edits"),
        QStringLiteral("rect"),
    };
    QCOMPARE(keys, expected);
    static const QRegularExpression secretish(QStringLiteral("secret|password|auth|bearer|api_?key|^token$|credential"),
                                              QRegularExpression::CaseInsensitiveOption);
    for (const QString &key : keys)
        QVERIFY2(!secretish.match(key).hasMatch(), qPrintable(key));
}

void TstTranscript::jsonFailsWhenAnImageIsGone()
{
    TranscriptData data = sample();
    data.turns[0].images[0].sentPath = m_dir.filePath(QStringLiteral("cache/deleted.png"));
    QString error;
    QVERIFY(toJson(data, &error).isEmpty());
    QVERIFY2(error.contains(QStringLiteral("holiday photo")), qPrintable(error));
    const QString path = m_dir.filePath(QStringLiteral("gone.json"));
    QVERIFY(!writeJson(data, path, &error));
    QVERIFY(!QFile::exists(path));
}

void TstTranscript::changedOriginalIsLeftOut()
{
    const QString path = test::writeFile(m_dir.path(), QStringLiteral("originals/edited.jpg"), m_jpeg);
    TranscriptData data = sample();
    data.turns[0].images[0].originalPath = path;
    data.turns[0].images[0].sha256 = QByteArray(64, 'a'); // a different file was sent
    QString error;
    const QByteArray json = toJson(data, &error);
    QVERIFY2(!json.isEmpty(), qPrintable(error));
    const QJsonObject original = QJsonDocument::fromJson(json)
                                     .object()[QStringLiteral("turns")][0][QStringLiteral("images")][0][QStringLiteral("original")]
                                     .toObject();
    QVERIFY(original[QStringLiteral("bytes")].isNull());
    QCOMPARE(original[QStringLiteral("sha256")].toString(), QString(64, u'a'));
    const auto read = readJson(json, &error);
    QVERIFY2(read, qPrintable(error));
    QCOMPARE(read->turns[0].images[0].sha256, QByteArray(64, 'a'));
}

void TstTranscript::everyStateRoundTrips_data()
{
    QTest::addColumn<Turn::State>("state");
    QTest::addColumn<ApiError::Kind>("kind");
    QTest::addColumn<QString>("name");
    QTest::newRow("pending") << Turn::State::Pending << ApiError::Kind::None << QStringLiteral("pending");
    QTest::newRow("streaming") << Turn::State::Streaming << ApiError::Kind::None << QStringLiteral("streaming");
    QTest::newRow("done") << Turn::State::Done << ApiError::Kind::None << QStringLiteral("done");
    QTest::newRow("stopped") << Turn::State::Stopped << ApiError::Kind::Canceled << QStringLiteral("stopped");
    QTest::newRow("failed network") << Turn::State::Failed << ApiError::Kind::Network << QStringLiteral("failed");
    QTest::newRow("failed timeout") << Turn::State::Failed << ApiError::Kind::Timeout << QStringLiteral("failed");
    QTest::newRow("failed tls") << Turn::State::Failed << ApiError::Kind::Tls << QStringLiteral("failed");
    QTest::newRow("failed stream") << Turn::State::Failed << ApiError::Kind::Stream << QStringLiteral("failed");
    QTest::newRow("failed protocol") << Turn::State::Failed << ApiError::Kind::Protocol << QStringLiteral("failed");
}

void TstTranscript::everyStateRoundTrips()
{
    QFETCH(Turn::State, state);
    QFETCH(ApiError::Kind, kind);
    QFETCH(QString, name);
    TranscriptData data;
    data.title = QStringLiteral("t");
    Turn turn;
    turn.state = state;
    turn.error.kind = kind;
    if (kind != ApiError::Kind::None)
        turn.error.message = QStringLiteral("m");
    data.turns = {turn};
    QString error;
    const QByteArray json = toJson(data, &error);
    QVERIFY2(!json.isEmpty(), qPrintable(error));
    const QJsonObject t = QJsonDocument::fromJson(json).object()[QStringLiteral("turns")][0].toObject();
    QCOMPARE(t[QStringLiteral("state")].toString(), name);
    QCOMPARE(t[QStringLiteral("error")].isNull(), kind == ApiError::Kind::None);
    const auto read = readJson(json, &error);
    QVERIFY2(read, qPrintable(error));
    QCOMPARE(read->turns.at(0).state, state);
    QCOMPARE(read->turns.at(0).error.kind, kind);
    QVERIFY(!read->exportedAt.isNull()); // an unset export time is "now", never missing
}

void TstTranscript::errorKindSpellings_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<ApiError::Kind>("expected");
    QTest::addColumn<bool>("readable");
    // "none" as earlier transcripts spelled no error kind (the history file writes none at all).
    QTest::newRow("none") << QStringLiteral("none") << ApiError::Kind::None << true;
    // No kind: taken from the status (an HTTP status means an HTTP error).
    QTest::newRow("empty, with a status") << QString() << ApiError::Kind::Http << true;
    QTest::newRow("network") << QStringLiteral("network") << ApiError::Kind::Network << true;
    QTest::newRow("canceled") << QStringLiteral("canceled") << ApiError::Kind::Canceled << true;
    QTest::newRow("unknown") << QStringLiteral("quantum") << ApiError::Kind::None << false;
    QTest::newRow("another case") << QStringLiteral("Network") << ApiError::Kind::None << false;
}

void TstTranscript::errorKindSpellings()
{
    QFETCH(QString, kind);
    QFETCH(ApiError::Kind, expected);
    QFETCH(bool, readable);
    TranscriptData data;
    data.title = QStringLiteral("t");
    Turn turn;
    turn.state = Turn::State::Failed;
    turn.error.kind = ApiError::Kind::Http;
    turn.error.status = 500;
    turn.error.message = QStringLiteral("m");
    data.turns = {turn};
    QString error;
    const QByteArray json = mutateFirstTurn(toJson(data, &error), [&](QJsonObject &t) {
        mutateChild(t, QStringLiteral("error"), [&](QJsonObject &e) {
            e[QStringLiteral("kind")] = kind;
        });
    });
    const auto read = readJson(json, &error);
    QCOMPARE(read.has_value(), readable);
    if (!readable) {
        QVERIFY2(error.contains(QStringLiteral("unknown value \"%1\"").arg(kind)),
                 qPrintable(error));
        return;
    }
    QCOMPARE(read->turns.at(0).error.kind, expected);
    QCOMPARE(read->turns.at(0).error.status, 500);
}

void TstTranscript::importFailures_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<qint64>("maxImageBytes");
    QTest::addColumn<QString>("expected"); // a regular expression the error must match

    QString error;
    const QByteArray good = toJson(sample(), &error);
    QVERIFY2(!good.isEmpty(), qPrintable(error));
    const qint64 defaultMax = TranscriptLimits().maxImageBytes;
    using O = QJsonObject;

    QTest::newRow("truncated") << good.left(good.size() / 2) << defaultMax
                               << QStringLiteral("not valid JSON: .+ at byte \\d+");
    QTest::newRow("empty") << QByteArray() << defaultMax << QStringLiteral("not valid JSON");
    QTest::newRow("not an object") << QByteArray("[1,2]") << defaultMax << QStringLiteral("not a Squint transcript");
    QTest::newRow("wrong format name")
        << mutate(good, [](O &o) { o[QStringLiteral("format")] = QStringLiteral("chatgpt-export"); }) << defaultMax
        << QStringLiteral("not a Squint transcript.*chatgpt-export");
    QTest::newRow("no format")
        << mutate(good, [](O &o) { o.remove(QStringLiteral("format")); }) << defaultMax
        << QStringLiteral("not a Squint transcript.*format");
    QTest::newRow("unknown version")
        << mutate(good, [](O &o) { o[QStringLiteral("version")] = 2; }) << defaultMax
        << QStringLiteral("version 2\\b");
    QTest::newRow("version as text")
        << mutate(good, [](O &o) { o[QStringLiteral("version")] = QStringLiteral("1"); }) << defaultMax
        << QStringLiteral("\"version\" should be");
    QTest::newRow("missing turns")
        << mutate(good, [](O &o) { o.remove(QStringLiteral("turns")); }) << defaultMax
        << QStringLiteral("\"turns\" is missing");
    QTest::newRow("turns not a list")
        << mutate(good, [](O &o) { o[QStringLiteral("turns")] = QStringLiteral("none"); }) << defaultMax
        << QStringLiteral("\"turns\" should be a list");
    QTest::newRow("turn not an object")
        << mutate(good, [](O &o) { o[QStringLiteral("turns")] = QJsonArray{1}; }) << defaultMax
        << QStringLiteral("\"turns\\[0\\]\" should be an object");
    QTest::newRow("missing title")
        << mutate(good, [](O &o) { o.remove(QStringLiteral("title")); }) << defaultMax
        << QStringLiteral("\"title\" is missing");
    QTest::newRow("prompt is a number")
        << mutateFirstTurn(good, [](O &t) { t[QStringLiteral("prompt")] = 42; }) << defaultMax
        << QStringLiteral("\"turns\\[0\\]\\.prompt\" should be text");
    QTest::newRow("images_in_context is text")
        << mutateFirstTurn(good, [](O &t) { t[QStringLiteral("images_in_context")] = QStringLiteral("yes"); })
        << defaultMax << QStringLiteral("images_in_context\" should be true or false");
    QTest::newRow("negative total_ms")
        << mutateFirstTurn(good, [](O &t) { t[QStringLiteral("total_ms")] = -5; }) << defaultMax
        << QStringLiteral("total_ms\" should be a whole number");
    QTest::newRow("fractional tokens")
        << mutateFirstTurn(good, [](O &t) {
               mutateChild(t, QStringLiteral("usage"), [](O &u) { u[QStringLiteral("total_tokens")] = 1.5; });
           })
        << defaultMax << QStringLiteral("usage\\.total_tokens\" should be a whole number");
    QTest::newRow("unknown state")
        << mutateFirstTurn(good, [](O &t) { t[QStringLiteral("state")] = QStringLiteral("exploded"); }) << defaultMax
        << QStringLiteral("state\" has the unknown value \"exploded\"");
    QTest::newRow("bad asked_at")
        << mutateFirstTurn(good, [](O &t) { t[QStringLiteral("asked_at")] = QStringLiteral("yesterday"); })
        << defaultMax << QStringLiteral("asked_at\" should be a date");
    QTest::newRow("error is a string")
        << mutateFirstTurn(good, [](O &t) { t[QStringLiteral("error")] = QStringLiteral("boom"); }) << defaultMax
        << QStringLiteral("\"turns\\[0\\]\\.error\" should be an object");
    QTest::newRow("invalid base64")
        << mutateFirstImage(good, [](O &i) {
               mutateChild(i, QStringLiteral("sent"), [](O &s) { s[QStringLiteral("bytes")] = QStringLiteral("iVBO!!not*base64"); });
           })
        << defaultMax << QStringLiteral("images\\[0\\]\\.sent\\.bytes\" is not valid base64");
    QTest::newRow("non-ascii base64")
        << mutateFirstImage(good, [](O &i) {
               mutateChild(i, QStringLiteral("original"), [](O &s) { s[QStringLiteral("bytes")] = QStringLiteral("iVBOR\u00e9w0"); });
           })
        << defaultMax << QStringLiteral("original\\.bytes\" is not valid base64");
    QTest::newRow("sent hash mismatch")
        << mutateFirstImage(good, [](O &i) {
               mutateChild(i, QStringLiteral("sent"), [](O &s) { s[QStringLiteral("sha256")] = QString(64, u'0'); });
           })
        << defaultMax << QStringLiteral("images\\[0\\]\\.sent\" does not match its SHA-256");
    QTest::newRow("original hash mismatch")
        << mutateFirstImage(good, [](O &i) {
               mutateChild(i, QStringLiteral("original"), [](O &s) { s[QStringLiteral("sha256")] = QString(64, u'f'); });
           })
        << defaultMax << QStringLiteral("original\" does not match its SHA-256");
    QTest::newRow("bytes swapped")
        << mutateFirstImage(good, [](O &i) {
               const QJsonValue sent = i[QStringLiteral("sent")].toObject()[QStringLiteral("bytes")];
               mutateChild(i, QStringLiteral("original"), [&](O &s) { s[QStringLiteral("bytes")] = sent; });
           })
        << defaultMax << QStringLiteral("does not match its SHA-256");
    QTest::newRow("hash not hex")
        << mutateFirstImage(good, [](O &i) {
               mutateChild(i, QStringLiteral("sent"), [](O &s) { s[QStringLiteral("sha256")] = QStringLiteral("xyz"); });
           })
        << defaultMax << QStringLiteral("sent\\.sha256\" should be 64 lower-case hexadecimal digits");
    QTest::newRow("sent bytes null")
        << mutateFirstImage(good, [](O &i) {
               mutateChild(i, QStringLiteral("sent"), [](O &s) { s[QStringLiteral("bytes")] = QJsonValue(); });
           })
        << defaultMax << QStringLiteral("sent\\.bytes\" should be base64 text");
    QTest::newRow("sent bytes empty")
        << mutateFirstImage(good, [](O &i) {
               mutateChild(i, QStringLiteral("sent"), [](O &s) {
                   s[QStringLiteral("bytes")] = QString();
                   s[QStringLiteral("sha256")] = QString::fromLatin1(sha256Hex({}));
               });
           })
        << defaultMax << QStringLiteral("sent\\.bytes\" is empty");
    QTest::newRow("missing sent")
        << mutateFirstImage(good, [](O &i) { i.remove(QStringLiteral("sent")); }) << defaultMax
        << QStringLiteral("images\\[0\\]\\.sent\" is missing");
    QTest::newRow("mime adds keys to the request body")
        << mutateFirstImage(good, [](O &i) {
               mutateChild(i, QStringLiteral("sent"), [](O &s) {
                   s[QStringLiteral("mime")] = QStringLiteral(R"(image/png","n":50,"x":")");
               });
           })
        << defaultMax << QStringLiteral("sent\\.mime\" should be image/png");
    QTest::newRow("mime of another type")
        << mutateFirstImage(good, [](O &i) {
               mutateChild(i, QStringLiteral("sent"), [](O &s) { s[QStringLiteral("mime")] = QStringLiteral("image/jpeg"); });
           })
        << defaultMax << QStringLiteral("sent\\.mime\" should be image/png");
    QTest::newRow("sent bytes not an image")
        << mutateFirstImage(good, [](O &i) {
               mutateChild(i, QStringLiteral("sent"), [](O &s) {
                   const QByteArray text("just some text, no image");
                   s[QStringLiteral("bytes")] = QString::fromLatin1(text.toBase64());
                   s[QStringLiteral("sha256")] = QString::fromLatin1(sha256Hex(text));
               });
           })
        << defaultMax << QStringLiteral("sent\\.bytes\" is not an image Squint can send");
    QTest::newRow("original mime not a mime")
        << mutateFirstImage(good, [](O &i) {
               mutateChild(i, QStringLiteral("original"), [](O &s) { s[QStringLiteral("mime")] = QStringLiteral("<b>x</b>"); });
           })
        << defaultMax << QStringLiteral("original\\.mime\" should be a MIME type");
    QTest::newRow("temperature out of range")
        << mutate(good, [](O &o) {
               mutateChild(o, QStringLiteral("parameters"), [](O &p) { p[QStringLiteral("temperature")] = 50; });
           })
        << defaultMax << QStringLiteral("parameters\\.temperature\" should be a number from 0 to 2");
    QTest::newRow("absurd token count")
        << mutateFirstImage(good, [](O &i) { i[QStringLiteral("tokens")] = 1e15; }) << defaultMax
        << QStringLiteral("tokens\" should be a whole number from 0 to");
    QTest::newRow("absurd width")
        << mutateFirstImage(good, [](O &i) {
               mutateChild(i, QStringLiteral("sent"), [](O &s) { s[QStringLiteral("width")] = 1e12; });
           })
        << defaultMax << QStringLiteral("sent\\.width\" should be a whole number");
    QTest::newRow("pixel count over the decode limit")
        << mutateFirstImage(good, [](O &i) {
               mutateChild(i, QStringLiteral("sent"), [](O &s) {
                   s[QStringLiteral("width")] = 900000;
                   s[QStringLiteral("height")] = 900000;
               });
           })
        << defaultMax << QStringLiteral("declares more pixels");
    QTest::newRow("edits not an edit list") << mutateFirstImage(good, [](O &i) {
        i[QStringLiteral("edits")] = O{{QStringLiteral("version"), 9}};
    }) << defaultMax << QStringLiteral("images\\[0\\]\\.edits\" is not an edit list");
    QTest::newRow("width negative")
        << mutateFirstImage(good, [](O &i) {
               mutateChild(i, QStringLiteral("sent"), [](O &s) { s[QStringLiteral("width")] = -3; });
           })
        << defaultMax << QStringLiteral("sent\\.width\" should be a whole number");
    // The first image of the sample is a few kB: a 1 kB limit makes it too large (the same code
    // path as 64 MB, without making a 64 MB test file).
    QTest::newRow("image over the size limit") << good << qint64(1000) << QStringLiteral("too large.*images\\[0\\]");
}

void TstTranscript::importFailures()
{
    QFETCH(QByteArray, json);
    QFETCH(qint64, maxImageBytes);
    QFETCH(QString, expected);
    TranscriptLimits limits;
    limits.maxImageBytes = maxImageBytes;
    QString error;
    const std::optional<TranscriptData> data = readJson(json, &error, limits);
    QVERIFY(!data.has_value());
    QVERIFY(!error.isEmpty());
    const QRegularExpression re(expected);
    QVERIFY(re.isValid());
    QVERIFY2(re.match(error).hasMatch(), qPrintable(error));
}

void TstTranscript::importFileTooLarge()
{
    QString error;
    const QByteArray json = toJson(sample(), &error);
    const QString path = test::writeFile(m_dir.path(), QStringLiteral("big.json"), json);
    TranscriptLimits limits;
    limits.maxFileBytes = json.size() - 1;
    QVERIFY(!readJsonFile(path, &error, limits));
    QVERIFY2(error.contains(QStringLiteral("too large")), qPrintable(error));
    QVERIFY(!readJson(json, &error, limits));
    QVERIFY2(error.contains(QStringLiteral("too large")), qPrintable(error));
    limits.maxFileBytes = json.size();
    QVERIFY2(readJsonFile(path, &error, limits), qPrintable(error));
    // The defaults are the documented ones.
    QCOMPARE(TranscriptLimits().maxFileBytes, qint64(256) * 1024 * 1024);
    QCOMPARE(TranscriptLimits().maxImageBytes, qint64(64) * 1024 * 1024);
}

// The size is checked before anything is read: a sparse file over the limit is refused at once,
// with its size and the limit in the message.
void TstTranscript::importRefusesLargeFileBeforeReading()
{
    const QString path = m_dir.filePath(QStringLiteral("huge.json"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.resize(qint64(300) * 1024 * 1024)); // sparse: no disk, no memory
    }
    QString error;
    QVERIFY(!readJsonFile(path, &error));
    QVERIFY2(error.contains(QStringLiteral("too large")), qPrintable(error));
    // Sizes as everywhere in Squint (SI units, the user's locale).
    QVERIFY2(error.contains(formatBytes(qint64(300) * 1024 * 1024)), qPrintable(error));
    QVERIFY2(error.contains(formatBytes(qint64(256) * 1024 * 1024)), qPrintable(error));
    QFile::remove(path);
}

// Crafted for a quadratic reader: 20,000 turns and 200,000 unknown keys at the top and in a turn.
// A reader that searched keys or turns linearly per lookup would take minutes here; this one reads
// it all, and the test checks the result is right.
void TstTranscript::importOfManyTurnsAndKeysIsLinear()
{
    QByteArray turn = R"({"prompt":"p","asked_at":null,"state":"done","answer":"a","reasoning":"","model":"m",)"
                      R"("connection":"c","finish_reason":"stop","usage":{"prompt_tokens":null,"completion_tokens":null,)"
                      R"("total_tokens":null,"reasoning_tokens":null},"first_token_ms":null,"total_ms":null,"error":null,)"
                      R"("images_in_context":true,"label_images":false,"images":[])";
    QByteArray junk;
    for (int i = 0; i < 200000; ++i)
        junk += ",\"k" + QByteArray::number(i) + "\":0";
    QByteArray json = R"({"format":"squint-transcript","version":1,"title":"t","exported_at":"2026-01-01T00:00:00Z",)"
                      R"("parameters":{"system":"","temperature":null,"max_tokens":null,"stream":true},"turns":[)";
    constexpr int Turns = 20000;
    for (int i = 0; i < Turns; ++i) {
        if (i > 0)
            json += ',';
        json += turn + (i == 0 ? junk : QByteArray()) + '}';
    }
    json += ']' + junk + '}';
    QString error;
    const std::optional<TranscriptData> data = readJson(json, &error);
    QVERIFY2(data, qPrintable(error));
    QCOMPARE(data->turns.size(), Turns);
    QCOMPARE(data->turns.last().answer, QStringLiteral("a"));
}

void TstTranscript::importMissingFile()
{
    QString error;
    QVERIFY(!readJsonFile(m_dir.filePath(QStringLiteral("nope.json")), &error));
    QVERIFY2(error.contains(QStringLiteral("nope.json")), qPrintable(error));
}

// ---- Markdown -------------------------------------------------------------------------------------

void TstTranscript::markdownWithAssets()
{
    const QString dir = m_dir.filePath(QStringLiteral("md-assets"));
    QVERIFY(QDir().mkpath(dir));
    const QString path = dir + QStringLiteral("/chat.md");
    QString error;
    QVERIFY2(writeMarkdown(sample(), path, MarkdownImages::AssetsFolder, &error), qPrintable(error));
    const QString md = QString::fromUtf8(readAll(path));
    QVERIFY(md.startsWith(QStringLiteral("# Receipts \\& \\<cats\\>\n")));

    static const QRegularExpression link(QStringLiteral("!\\[([^\\]]*)\\]\\(([^)]*)\\)"));
    QStringList targets;
    for (auto it = link.globalMatch(md); it.hasNext();)
        targets << it.next().captured(2);
    QCOMPARE(targets.size(), 2);
    static const QRegularExpression safe(QStringLiteral("^assets/[0-9a-f]{12}-[A-Za-z0-9][A-Za-z0-9._-]*$"));
    const QList<QByteArray> expected{m_png, m_png2};
    for (int i = 0; i < targets.size(); ++i) {
        QVERIFY2(safe.match(targets.at(i)).hasMatch(), qPrintable(targets.at(i)));
        QVERIFY(targets.at(i).startsWith(QStringLiteral("assets/") + QString::fromLatin1(sha256Hex(expected.at(i)).left(12))));
        const QString file = QDir(dir).filePath(targets.at(i));
        QVERIFY2(QFileInfo(file).absolutePath() == QDir(dir).filePath(QStringLiteral("assets")), qPrintable(file));
        QCOMPARE(readAll(file), expected.at(i));
    }
    // The sent bytes are PNG, whatever the name says; the rest of the name is kept, made safe.
    QVERIFY2(targets.at(0).endsWith(QStringLiteral("-holiday_photo__1_.png")), qPrintable(targets.at(0)));
    QVERIFY2(targets.at(1).endsWith(QStringLiteral("-pasted.png")), qPrintable(targets.at(1)));
    QCOMPARE(QDir(dir + QStringLiteral("/assets")).entryList(QDir::Files).size(), 2);
    // Nothing written outside the folder the user chose.
    QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot),
             QStringList({QStringLiteral("assets"), QStringLiteral("chat.md")}));
}

void TstTranscript::markdownEmbedded()
{
    const QString dir = m_dir.filePath(QStringLiteral("md-embedded"));
    QVERIFY(QDir().mkpath(dir));
    const QString path = dir + QStringLiteral("/chat.md");
    QString error;
    QVERIFY2(writeMarkdown(sample(), path, MarkdownImages::Embedded, &error), qPrintable(error));
    const QString md = QString::fromUtf8(readAll(path));
    static const QRegularExpression link(QStringLiteral("!\\[[^\\]]*\\]\\(data:(image/[a-z]+);base64,([A-Za-z0-9+/=]+)\\)"));
    QList<QByteArray> decoded;
    for (auto it = link.globalMatch(md); it.hasNext();) {
        const auto m = it.next();
        QCOMPARE(m.captured(1), QStringLiteral("image/png"));
        decoded << QByteArray::fromBase64(m.captured(2).toLatin1());
    }
    QCOMPARE(decoded, QList<QByteArray>({m_png, m_png2}));
    QVERIFY(!QFileInfo::exists(dir + QStringLiteral("/assets")));
}

void TstTranscript::markdownEscapesPromptAndNotesStates()
{
    const QString path = m_dir.filePath(QStringLiteral("escape.md"));
    QString error;
    QVERIFY2(writeMarkdown(sample(), path, MarkdownImages::Embedded, &error), qPrintable(error));
    const QString md = QString::fromUtf8(readAll(path));
    QVERIFY(md.contains(QStringLiteral("**You**")));
    QVERIFY(md.contains(QStringLiteral("**Model** (databricks-claude-sonnet · 1,542 tokens")));
    QVERIFY(md.contains(QStringLiteral("A **cat** on a receipt."))); // the answer as it is
    QVERIFY(md.contains(QStringLiteral("Failed: The server refused the request (429)")));
    QVERIFY(md.contains(QStringLiteral("Wait a minute, then retry.")));
    QVERIFY(md.contains(QStringLiteral("Stopped: the answer above is what had arrived.")));

    // A Markdown reader shows the prompt literally: no bold, heading, list or HTML made of it.
    QTextDocument doc;
    doc.setMarkdown(md);
    const QString text = doc.toPlainText();
    QVERIFY2(text.contains(QStringLiteral("What is in **this** photo?")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("# Not a heading")));
    QVERIFY(text.contains(QStringLiteral("1. not a list <b>x</b>")));
    QVERIFY(text.contains(QStringLiteral("Receipts & <cats>")));
    // ...and the answer is rendered as Markdown.
    QVERIFY(!text.contains(QStringLiteral("**cat**")));
    int headings = 0;
    for (QTextBlock b = doc.begin(); b.isValid(); b = b.next())
        headings += b.blockFormat().headingLevel() > 0 ? 1 : 0;
    QCOMPARE(headings, 1); // the title only
}

void TstTranscript::markdownClosesOpenFence()
{
    TranscriptData data = sample();
    data.turns[0].answer = QStringLiteral("Here:\n```cpp\nint x = 1;\n");
    const QString path = m_dir.filePath(QStringLiteral("fence.md"));
    QString error;
    QVERIFY2(writeMarkdown(data, path, MarkdownImages::Embedded, &error), qPrintable(error));
    const QString md = QString::fromUtf8(readAll(path));
    QTextDocument doc;
    doc.setMarkdown(md);
    // The next turn's "You" is a bold label, not code.
    bool youBoldOutsideCode = false;
    for (QTextBlock b = doc.begin(); b.isValid(); b = b.next()) {
        // Inside an open fence it would be the literal text "**You**" of a code block.
        if (b.text() == QStringLiteral("You") && !b.blockFormat().hasProperty(QTextFormat::BlockCodeFence))
            youBoldOutsideCode = true;
    }
    QVERIFY(youBoldOutsideCode);
    QCOMPARE(md.count(QStringLiteral("```")) % 2, 0);
}

namespace {

/// What a Markdown previewer that allows raw HTML would make of `md`: the images it would fetch and
/// the link targets it would open.
struct Preview
{
    QString text;
    QStringList images;
    QStringList links;
};

Preview preview(const QString &md)
{
    QTextDocument doc;
    doc.setMarkdown(md, QTextDocument::MarkdownDialectGitHub); // raw HTML on, as in most previewers
    Preview p;
    p.text = doc.toPlainText();
    for (QTextBlock b = doc.begin(); b.isValid(); b = b.next()) {
        for (auto it = b.begin(); !it.atEnd(); ++it) {
            const QTextCharFormat f = it.fragment().charFormat();
            if (f.isImageFormat())
                p.images << f.toImageFormat().name();
            else if (f.isAnchor() || !f.anchorHref().isEmpty())
                p.links << f.anchorHref();
        }
    }
    return p;
}

} // namespace

// An answer is whatever a server (or a transcript file) says: in the .md, its raw HTML is text, its
// links other than http(s)/mailto lose their target, its remote images are text; nothing in the file
// fetches or runs anything when it is previewed.
void TstTranscript::markdownAnswerIsInert()
{
    TranscriptData data = sample();
    data.turns = {data.turns.at(0)};
    data.turns[0].images.clear();
    data.turns[0].answer = QStringLiteral(
        "Hello <script>alert(1)</script> and <img src=http://evil.example/a.png>\n\n"
        "<iframe src=\"https://evil.example/\"></iframe>\n\n"
        "![tracker](https://evil.example/pixel.png) and [a link](https://example.com/page) and "
        "[bad](javascript:alert(4)) and [file](file:///etc/passwd) and <javascript:alert(5)>\n\n"
        "Escaped: \\[x\\](javascript:alert(6)) \\<b\\>bold\\</b\\> and ftp://files.example/x\n\n"
        "[ref]: javascript:alert(7)\n\nSee [ref].\n\n"
        "[odd](<https://example.com/)![p](https://evil.example/q.png>)\n");
    // A code block holding its own fence: written back as it is, its end would let the HTML out.
    Turn fence = data.turns.at(0);
    fence.answer = QStringLiteral("````\n```\n<img src=http://evil.example/fence.png>\n````\n");
    data.turns << fence;
    const QString path = m_dir.filePath(QStringLiteral("inert.md"));
    QString error;
    QVERIFY2(writeMarkdown(data, path, MarkdownImages::Embedded, &error), qPrintable(error));
    const QString md = QString::fromUtf8(readAll(path));

    const Preview p = preview(md);
    QVERIFY2(p.images.isEmpty(), qPrintable(p.images.join(u' ')));
    for (const QString &link : p.links) {
        const QString scheme = QUrl(link).scheme();
        QVERIFY2(scheme == QLatin1String("https") || scheme == QLatin1String("http") || scheme == QLatin1String("mailto"),
                 qPrintable(link));
        QVERIFY2(!link.contains(QStringLiteral("evil")) || link.startsWith(QStringLiteral("https://example.com/")),
                 qPrintable(link));
    }
    QVERIFY2(p.links.contains(QStringLiteral("https://example.com/page")), qPrintable(md));
    // Raw HTML shows as text, the texts of dropped links and images stay.
    QVERIFY2(p.text.contains(QStringLiteral("<script>alert(1)</script>")), qPrintable(p.text));
    QVERIFY(p.text.contains(QStringLiteral("<img src=http://evil.example/a.png>")));
    QVERIFY(p.text.contains(QStringLiteral("<iframe")));
    QVERIFY(p.text.contains(QStringLiteral("bad")));
    QVERIFY(p.text.contains(QStringLiteral("file")));
    QVERIFY(p.text.contains(QStringLiteral("pixel.png")));
    QVERIFY(p.text.contains(QStringLiteral("<b>bold</b>")));
    // No unescaped tag or unsafe link target anywhere in the file.
    static const QRegularExpression rawTag(QStringLiteral("(?<!\\\\)<(script|img|iframe|b)\\b"));
    QVERIFY2(!rawTag.match(md).hasMatch(), qPrintable(md));
    static const QRegularExpression unsafeTarget(QStringLiteral("(?<!\\\\)\\]\\((javascript|file)"));
    QVERIFY2(!unsafeTarget.match(md).hasMatch(), qPrintable(md));
}

void TstTranscript::markdownKeepsSafeStructure()
{
    TranscriptData data = sample();
    data.turns = {data.turns.at(0)};
    data.turns[0].images.clear();
    data.turns[0].answer = QStringLiteral(
        "## Findings\n\n- a **bold** point\n- [docs](https://example.com/docs)\n\n"
        "| alpha | beta |\n|---|---|\n| one | two |\n\n```html\n<p>kept as code</p>\n```\n");
    const QString path = m_dir.filePath(QStringLiteral("structure.md"));
    QString error;
    QVERIFY2(writeMarkdown(data, path, MarkdownImages::Embedded, &error), qPrintable(error));
    QTextDocument doc;
    doc.setMarkdown(QString::fromUtf8(readAll(path)), QTextDocument::MarkdownDialectGitHub);
    bool heading = false, bold = false, code = false, table = false;
    for (QTextBlock b = doc.begin(); b.isValid(); b = b.next()) {
        heading = heading || (b.blockFormat().headingLevel() == 2 && b.text() == QStringLiteral("Findings"));
        code = code || (b.blockFormat().hasProperty(QTextFormat::BlockCodeFence) && b.text() == QStringLiteral("<p>kept as code</p>"));
        table = table || QTextCursor(b).currentTable() != nullptr;
        for (auto it = b.begin(); !it.atEnd(); ++it)
            bold = bold || (it.fragment().text() == QStringLiteral("bold") && it.fragment().charFormat().fontWeight() >= QFont::Bold);
    }
    QVERIFY(heading);
    QVERIFY(bold);
    QVERIFY(code);
    QVERIFY(table);
    QVERIFY(preview(QString::fromUtf8(readAll(path))).links.contains(QStringLiteral("https://example.com/docs")));
}

// ---- HTML -----------------------------------------------------------------------------------------

void TstTranscript::htmlIsInertAndSelfContained()
{
    TranscriptData data = sample();
    data.title = QStringLiteral("<script>alert('title')</script>");
    data.turns[0].prompt = QStringLiteral("<script>alert(2)</script> & <img src=x onerror=alert(3)>");
    data.turns[0].answer = QStringLiteral(
        "Hello <script>alert(1)</script>\n\n<iframe src=\"https://evil.example/\"></iframe>\n\n"
        "![tracker](https://evil.example/pixel.png) and [a link](https://example.com/page) and "
        "[bad](javascript:alert(4)) and [file](file:///etc/passwd)\n");
    const QString path = m_dir.filePath(QStringLiteral("chat.html"));
    QString error;
    QVERIFY2(writeHtml(data, path, &error), qPrintable(error));
    const QByteArray raw = readAll(path);
    const QString html = QString::fromUtf8(raw);
    QVERIFY(!raw.isEmpty());

    QVERIFY(html.startsWith(QStringLiteral("<!DOCTYPE html>")));
    QVERIFY(html.contains(QStringLiteral("<meta charset=\"utf-8\">")));
    QVERIFY(html.contains(QStringLiteral("@media print")));
    QVERIFY(html.contains(QStringLiteral("Content-Security-Policy")));
    QVERIFY(!html.contains(QStringLiteral("<script"), Qt::CaseInsensitive));
    QVERIFY(!html.contains(QStringLiteral("<iframe"), Qt::CaseInsensitive));
    QVERIFY(!html.contains(QStringLiteral("<link"), Qt::CaseInsensitive));
    QVERIFY(!html.contains(QStringLiteral("onerror="), Qt::CaseInsensitive) || html.contains(QStringLiteral("&lt;img src=x onerror")));
    QVERIFY(html.contains(QStringLiteral("&lt;script&gt;alert(1)&lt;/script&gt;"))); // shown, as text
    QVERIFY(html.contains(QStringLiteral("&lt;script&gt;alert(2)&lt;/script&gt;")));
    QVERIFY(html.contains(QStringLiteral("<title>&lt;script&gt;")));
    QVERIFY(!html.contains(QStringLiteral("javascript:alert(4)\""))); // no such href
    QVERIFY(!html.contains(QStringLiteral("href=\"file:")));
    QVERIFY(html.contains(QStringLiteral("href=\"https://example.com/page\"")));

    // Every src and every href: data: images only, links only to http(s)/mailto.
    static const QRegularExpression attr(QStringLiteral("\\b(src|href)\\s*=\\s*\"([^\"]*)\""),
                                         QRegularExpression::CaseInsensitiveOption);
    QList<QByteArray> images;
    int links = 0;
    for (auto it = attr.globalMatch(html); it.hasNext();) {
        const auto m = it.next();
        const QString value = m.captured(2);
        if (m.captured(1).toLower() == QStringLiteral("src")) {
            QVERIFY2(value.startsWith(QStringLiteral("data:image/png;base64,")), qPrintable(value.left(80)));
            images << QByteArray::fromBase64(value.mid(value.indexOf(u',') + 1).toLatin1());
        } else {
            QVERIFY2(value.startsWith(QStringLiteral("https://")) || value.startsWith(QStringLiteral("http://"))
                         || value.startsWith(QStringLiteral("mailto:")),
                     qPrintable(value));
            ++links;
        }
    }
    QCOMPARE(images, QList<QByteArray>({m_png, m_png2}));
    QCOMPARE(links, 1);
    // No url(...) in styles either.
    QVERIFY(!html.contains(QStringLiteral("url("), Qt::CaseInsensitive));
}

void TstTranscript::htmlShowsStatesAndDetails()
{
    const QString html = transcriptHtml(sample());
    QVERIFY(html.contains(QStringLiteral("Receipts &amp; &lt;cats&gt;")));
    QVERIFY(html.contains(QStringLiteral("databricks-claude-sonnet · 1,542 tokens")));
    QVERIFY(html.contains(QStringLiteral("Failed: The server refused the request (429): Rate limit reached.")));
    QVERIFY(html.contains(QStringLiteral("Stopped: the answer above is what had arrived.")));
    QVERIFY(html.contains(QStringLiteral("<b>cat</b>")) || html.contains(QStringLiteral("font-weight:700")));
    QVERIFY(html.contains(QStringLiteral("Looked at the fur.")));
    QVERIFY(html.contains(QStringLiteral("You are terse.<br>")));
}

// ---- PDF ------------------------------------------------------------------------------------------

void TstTranscript::pdfHasTextAndImages()
{
    TranscriptData noImages = sample();
    for (Turn &t : noImages.turns)
        t.images.clear();
    TranscriptData withImage = noImages;
    TurnImage big;
    big.name = QStringLiteral("big.png");
    big.mime = QStringLiteral("image/png");
    big.data = m_bigPhoto;
    big.sentSize = QSize(300, 200);
    withImage.turns[0].images = {big};

    const QString a = m_dir.filePath(QStringLiteral("no-images.pdf"));
    const QString b = m_dir.filePath(QStringLiteral("with-image.pdf"));
    QString error;
    QVERIFY2(writePdf(noImages, a, &error), qPrintable(error));
    QVERIFY2(writePdf(withImage, b, &error), qPrintable(error));
    const QByteArray pa = readAll(a);
    const QByteArray pb = readAll(b);
    for (const QByteArray &pdf : {pa, pb}) {
        QVERIFY(pdf.startsWith("%PDF-"));
        QVERIFY(pdf.trimmed().endsWith("%%EOF"));
        QVERIFY(pdf.contains("/Font")); // real text, not a picture of it...
        QVERIFY(pdf.contains("/ToUnicode")); // ...that can be selected and copied
    }
    QVERIFY(!pa.contains("/Subtype /Image") && !pa.contains("/Subtype/Image"));
    QVERIFY(pb.contains("/Subtype /Image") || pb.contains("/Subtype/Image"));
    // A 300x200 noisy photo is tens of kB even compressed.
    QVERIFY2(pb.size() > pa.size() + 20000, qPrintable(QStringLiteral("%1 vs %2").arg(pb.size()).arg(pa.size())));
}

// ---- errors ---------------------------------------------------------------------------------------

void TstTranscript::writersAreAtomicAndReportErrors()
{
    const QString missingDir = m_dir.filePath(QStringLiteral("no/such/dir/file"));
    QString error;
    QVERIFY(!writeJson(sample(), missingDir + QStringLiteral(".json"), &error));
    QVERIFY2(error.contains(QStringLiteral("file.json")), qPrintable(error));
    error.clear();
    QVERIFY(!writeHtml(sample(), missingDir + QStringLiteral(".html"), &error));
    QVERIFY(!error.isEmpty());
    error.clear();
    QVERIFY(!writePdf(sample(), missingDir + QStringLiteral(".pdf"), &error));
    QVERIFY(!error.isEmpty());

    // Overwriting keeps the old file until the new one is complete: no temp files left behind.
    const QString dir = m_dir.filePath(QStringLiteral("atomic"));
    QVERIFY(QDir().mkpath(dir));
    const QString path = dir + QStringLiteral("/t.json");
    QVERIFY(test::writeFile(dir, QStringLiteral("t.json"), "old") == path);
    QVERIFY2(writeJson(sample(), path, &error), qPrintable(error));
    QVERIFY(readJsonFile(path, &error));
    QCOMPARE(QDir(dir).entryList(QDir::Files), QStringList{QStringLiteral("t.json")});
}

QTEST_MAIN(TstTranscript)
#include "tst_transcript.moc"
