#include "storebench.h"

#include "benchutil.h"

#include "core/history/conversationstore.h"
#include "core/history/transcript.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <algorithm>

namespace bench {

namespace {

const QStringList Vocabulary = {
    QStringLiteral("harbour"), QStringLiteral("boat"),     QStringLiteral("crane"),    QStringLiteral("invoice"),
    QStringLiteral("receipt"), QStringLiteral("defect"),   QStringLiteral("scratch"),  QStringLiteral("label"),
    QStringLiteral("bottle"),  QStringLiteral("chart"),    QStringLiteral("axis"),     QStringLiteral("legend"),
    QStringLiteral("window"),  QStringLiteral("button"),   QStringLiteral("dialog"),   QStringLiteral("screenshot"),
    QStringLiteral("cat"),     QStringLiteral("sofa"),     QStringLiteral("leaf"),     QStringLiteral("water"),
    QStringLiteral("red"),     QStringLiteral("green"),    QStringLiteral("blue"),     QStringLiteral("bright"),
    QStringLiteral("the"),     QStringLiteral("a"),        QStringLiteral("of"),       QStringLiteral("in"),
    QStringLiteral("shows"),   QStringLiteral("contains"), QStringLiteral("near"),     QStringLiteral("left"),
    QStringLiteral("right"),   QStringLiteral("table"),    QStringLiteral("price"),    QStringLiteral("total"),
    QStringLiteral("café"),    QStringLiteral("straße"),   QStringLiteral("warehouse"), QStringLiteral("pallet"),
};

QString words(QRandomGenerator &rng, int n)
{
    QString s;
    for (int i = 0; i < n; ++i) {
        if (i)
            s += QLatin1Char(' ');
        s += Vocabulary.at(int(rng.bounded(quint32(Vocabulary.size()))));
    }
    return s;
}

QByteArray smallJpeg(int seed)
{
    QImage img(320, 240, QImage::Format_RGB32);
    img.fill(QColor::fromHsv(seed * 37 % 360, 160, 200));
    QPainter p(&img);
    p.drawText(20, 120, QStringLiteral("image %1").arg(seed));
    p.end();
    QByteArray out;
    QBuffer buf(&out);
    buf.open(QIODevice::WriteOnly);
    img.save(&buf, "JPEG", 85);
    return out;
}

double msSince(const QElapsedTimer &t) { return double(t.nsecsElapsed()) / 1e6; }

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.at(v.size() / 2);
}

} // namespace

bool parseStoreSizes(QStringList args, StoreBenchSizes *sizes)
{
    while (!args.isEmpty()) {
        const QString opt = args.takeFirst();
        if (args.isEmpty())
            return false;
        bool ok = false;
        const int v = args.takeFirst().toInt(&ok);
        if (!ok || v < 0)
            return false;
        if (opt == QLatin1String("--conversations"))
            sizes->conversations = v;
        else if (opt == QLatin1String("--messages"))
            sizes->messages = v;
        else if (opt == QLatin1String("--turns"))
            sizes->bigTurns = v;
        else if (opt == QLatin1String("--images"))
            sizes->bigImages = v;
        else
            return false;
    }
    return true;
}

qint64 fillBenchStore(const QString &path, const StoreBenchSizes &sizes, double *fillSeconds)
{
    QElapsedTimer clock;
    clock.start();
    squint::ConversationStore store;
    if (!store.open(path)) {
        note(QStringLiteral("store: %1").arg(store.lastError()));
        return 0;
    }
    QRandomGenerator rng(42);
    // The small conversations: prompts and answers spread so that their count is `messages`.
    const int turnsTotal = std::max(1, sizes.messages / 2);
    for (int c = 0; c < sizes.conversations; ++c) {
        const qint64 id = store.createConversation(QStringLiteral("Conversation %1: %2").arg(c).arg(words(rng, 3)));
        const int first = int(qint64(c) * turnsTotal / std::max(1, sizes.conversations));
        const int next = int(qint64(c + 1) * turnsTotal / std::max(1, sizes.conversations));
        for (int t = first, pos = 0; t < next; ++t, ++pos) {
            squint::Turn turn;
            turn.prompt = words(rng, 12) + QLatin1Char('?');
            turn.answer = words(rng, 60) + QLatin1Char('.');
            turn.state = squint::Turn::State::Done;
            turn.model = QStringLiteral("databricks-claude-sonnet-4-5");
            turn.askedAt = QDateTime::currentDateTime();
            store.saveTurn(id, pos, turn);
        }
    }
    // The big one: 1,000 turns, one image on every fifth turn.
    const qint64 big = store.createConversation(QStringLiteral("Warehouse inspection, 1,000 turns"));
    const int every = sizes.bigImages > 0 ? std::max(1, sizes.bigTurns / sizes.bigImages) : 0;
    int images = 0;
    for (int t = 0; t < sizes.bigTurns; ++t) {
        squint::Turn turn;
        turn.prompt = words(rng, 15) + QLatin1Char('?');
        turn.answer = QStringLiteral("## Finding %1\n\n%2\n\n- %3\n- %4\n").arg(t).arg(words(rng, 80), words(rng, 8), words(rng, 8));
        turn.state = squint::Turn::State::Done;
        turn.model = QStringLiteral("databricks-claude-sonnet-4-5");
        turn.askedAt = QDateTime::currentDateTime();
        if (every > 0 && t % every == 0 && images < sizes.bigImages) {
            squint::TurnImage img;
            img.name = QStringLiteral("pallet-%1.jpg").arg(images);
            img.mime = QStringLiteral("image/jpeg");
            img.data = smallJpeg(images);
            img.sha256 = QCryptographicHash::hash(img.data, QCryptographicHash::Sha256).toHex();
            img.sentBytes = img.data.size();
            img.sentSize = QSize(320, 240);
            turn.images << img;
            ++images;
        }
        if (store.saveTurn(big, t, turn) == 0) {
            note(QStringLiteral("store: %1").arg(store.lastError()));
            return 0;
        }
    }
    if (fillSeconds)
        *fillSeconds = double(clock.nsecsElapsed()) / 1e9;
    return big;
}

int cmdStore(const QStringList &args)
{
    StoreBenchSizes sizes;
    if (!parseStoreSizes(args, &sizes))
        return 2;
    QTemporaryDir dir;
    if (!dir.isValid())
        return 1;
    const QString path = dir.filePath(QStringLiteral("bench.sqlite"));
    double fillS = 0;
    const qint64 big = fillBenchStore(path, sizes, &fillS);
    if (big == 0)
        return 1;

    squint::ConversationStore store;
    QElapsedTimer t;
    t.start();
    if (!store.open(path))
        return 1;
    const double openStoreMs = msSince(t);

    QList<double> list;
    qsizetype listed = 0;
    for (int i = 0; i < 5; ++i) {
        t.restart();
        listed = store.listConversations().size();
        list << msSince(t);
    }

    QList<double> search;
    qsizetype hits = 0;
    for (const QString &q : {QStringLiteral("harbour crane"), QStringLiteral("defect"), QStringLiteral("café"),
                             QStringLiteral("warehouse pal"), QStringLiteral("invoice total price")}) {
        t.restart();
        hits += store.search(q).size();
        search << msSince(t);
    }

    t.restart();
    squint::TranscriptData data;
    data.title = store.summary(big).title;
    data.parameters = store.parameters(big);
    data.turns = store.loadTurns(big);
    const double loadMs = msSince(t);
    const QString out = dir.filePath(QStringLiteral("export.html"));
    QString error;
    t.restart();
    const bool exported = squint::writeHtml(data, out, &error);
    const double exportMs = msSince(t) + loadMs;

    JsonLine line;
    line.add("bench", "store")
        .add("conversations", sizes.conversations)
        .add("messages", sizes.messages)
        .add("big_turns", int(data.turns.size()))
        .add("big_images", sizes.bigImages)
        .add("fill_s", fillS, 1)
        .add("open_store_ms", openStoreMs, 1)
        .add("list_ms", median(list), 1)
        .add("listed", qint64(listed))
        .add("search_ms", median(search), 2)
        .add("search_max_ms", *std::max_element(search.begin(), search.end()), 2)
        .add("hits", qint64(hits))
        .add("load_ms", loadMs, 1)
        .add("export_ms", exportMs, 1)
        .add("export_ok", exported)
        .add("export_mb", double(QFileInfo(out).size()) / 1e6, 1);
    line.print();
    if (!exported)
        note(error);
    return exported ? 0 : 1;
}

} // namespace bench
