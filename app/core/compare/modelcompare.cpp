#include "core/compare/modelcompare.h"

#include "core/chat/chatcall.h"
#include "core/chat/chatsession.h"
#include "core/compose/composer.h"
#include "core/util/format.h"
#include "core/images/intake.h"
#include "core/util/settings.h"

#include <QCoreApplication>

namespace squint {

namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::ModelComparison)
};

// Work of a column goes to the shared Intake under an id that names the column's key and the tray
// item, so results of a removed or changed column are recognised and dropped.
quint64 workId(quint64 key, quint64 trayId) { return (key << 32) | (trayId & 0xffffffffu); }
quint64 keyOf(quint64 workId) { return workId >> 32; }
quint64 trayIdOf(quint64 workId) { return workId & 0xffffffffu; }
} // namespace

ModelComparison::ModelComparison(Catalog catalog, Settings *settings, QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent)
    , m_catalog(std::move(catalog))
    , m_settings(settings)
    , m_nam(nam)
    , m_intake(new Intake(this))
{
    connect(m_intake, &Intake::prepared, this, [this](quint64 id, const PreparedImage &img, const QString &error) {
        onPrepared(id, false, img, error);
    });
    connect(m_intake, &Intake::fitted, this, [this](quint64 id, const PreparedImage &img, const QString &error) {
        onPrepared(id, true, img, error);
    });
}

ModelComparison::~ModelComparison()
{
    for (ChatCall *call : std::as_const(m_calls))
        delete call;
}

void ModelComparison::setup(const QString &prompt, const QList<TrayItem> &images, const RequestContext &context,
                            const ChatParameters &parameters, const QStringList &models)
{
    for (int i = 0; i < m_calls.size(); ++i)
        dropCall(i);
    m_prompt = prompt;
    m_images.clear();
    for (const TrayItem &item : images) {
        if (item.stage != ItemFacts::Stage::Ready)
            continue; // still loading or failed: not part of the turn
        TrayItem copy = item;
        copy.verdict = {};
        m_images << copy;
    }
    m_context = context;
    m_context.labelImages = false;
    m_parameters = parameters;
    m_columns.clear();
    m_keys.clear();
    m_calls.clear();
    m_inFlight.clear();
    for (const QString &model : models) {
        if (model.trimmed().isEmpty() || m_columns.size() >= MaxModels)
            continue;
        m_columns << makeColumn(model.trimmed());
        m_keys << m_nextKey++;
        m_calls << nullptr;
        m_inFlight << QSet<QString>();
    }
    for (int i = 0; i < m_columns.size(); ++i)
        evaluateColumn(i);
    emit columnsChanged();
    updateRunning();
}

void ModelComparison::setTarget(const ChatTarget &target) { m_target = target; }

QStringList ModelComparison::models() const
{
    QStringList out;
    for (const ComparisonColumn &c : m_columns)
        out << c.model;
    return out;
}

QList<quint64> ModelComparison::imageIds() const
{
    QList<quint64> ids;
    for (const TrayItem &item : m_images)
        ids << item.id;
    return ids;
}

ComparisonColumn ModelComparison::makeColumn(const QString &model) const
{
    ComparisonColumn c;
    c.model = model;
    c.profile = m_catalog.profileWithOverrides(model, m_settings);
    c.items = m_images;
    c.turn.prompt = m_prompt;
    c.turn.model = model;
    return c;
}

bool ModelComparison::addModel(const QString &model)
{
    if (m_columns.size() >= MaxModels || model.trimmed().isEmpty())
        return false;
    m_columns << makeColumn(model.trimmed());
    m_keys << m_nextKey++;
    m_calls << nullptr;
    m_inFlight << QSet<QString>();
    evaluateColumn(int(m_columns.size()) - 1);
    emit columnsChanged();
    return true;
}

void ModelComparison::removeModel(int index)
{
    if (index < 0 || index >= m_columns.size())
        return;
    dropCall(index);
    m_columns.removeAt(index);
    m_keys.removeAt(index);
    m_calls.removeAt(index);
    m_inFlight.removeAt(index);
    emit columnsChanged();
    updateRunning();
}

void ModelComparison::setModel(int index, const QString &model)
{
    if (index < 0 || index >= m_columns.size() || model.trimmed().isEmpty())
        return;
    if (m_columns.at(index).model == model.trimmed() && !m_columns.at(index).started)
        return;
    dropCall(index);
    m_columns[index] = makeColumn(model.trimmed());
    m_keys[index] = m_nextKey++; // conversions made for the old model are dropped when they come
    m_inFlight[index].clear();
    evaluateColumn(index);
    updateRunning();
}

void ModelComparison::evaluateColumn(int index)
{
    ComparisonColumn &c = m_columns[index];
    c.evaluation = evaluate(c.profile, factsOf(c.items), m_prompt, m_context);
    for (int i = 0; i < c.items.size() && i < c.evaluation.items.size(); ++i)
        c.items[i].verdict = c.evaluation.items.at(i);
    requestPreparations(index);
    emit columnChanged(index);
}

void ModelComparison::requestPreparations(int index)
{
    ComparisonColumn &c = m_columns[index];
    if (c.fitting)
        return; // Fit to Model makes the variants that will be sent
    for (const TrayItem &item : std::as_const(c.items)) {
        if (!item.verdict.needsPrepare)
            continue;
        const QString key = QString::number(item.id) + QLatin1Char(':') + item.verdict.plan.key();
        if (m_inFlight[index].contains(key))
            continue;
        m_inFlight[index].insert(key);
        ++c.preparing;
        m_intake->prepare(workId(m_keys.at(index), item.id), item.path, item.info, item.verdict.plan);
    }
}

void ModelComparison::onPrepared(quint64 id, bool fitted, const PreparedImage &image, const QString &error)
{
    const int index = indexOfKey(keyOf(id));
    if (index < 0)
        return; // the column was removed or changed model
    ComparisonColumn &c = m_columns[index];
    c.preparing = std::max(0, c.preparing - 1);
    const quint64 trayId = trayIdOf(id);
    auto item = std::find_if(c.items.begin(), c.items.end(), [trayId](const TrayItem &it) { return it.id == trayId; });
    if (fitted) {
        if (item != c.items.end() && !image.isNull())
            item->fitted = image;
        else if (item != c.items.end())
            emit message(index, Tr::tr("%1: “%2” could not be fitted: %3").arg(c.model, item->name, error));
        if (c.preparing == 0 && c.fitting) {
            c.fitting = false;
            evaluateColumn(index);
            const ComparisonColumn &done = m_columns.at(index);
            emit message(index, done.evaluation.canSend
                                    ? Tr::tr("Fitted to %1: the request is now %2.")
                                          .arg(done.profile.displayName, formatBytes(done.evaluation.payload.value))
                                    : Tr::tr("Fitted to %1, but it still does not fit: %2")
                                          .arg(done.profile.displayName, done.evaluation.blocker));
            return;
        }
        emit columnChanged(index);
        return;
    }
    m_inFlight[index].remove(QString::number(trayId) + QLatin1Char(':') + image.key);
    if (item != c.items.end() && (!image.isNull() || !error.isEmpty())) {
        item->prepared = image;
        item->prepareError = error;
    }
    if (!c.fitting)
        evaluateColumn(index);
    else
        emit columnChanged(index);
}

void ModelComparison::fit(int index)
{
    if (index < 0 || index >= m_columns.size())
        return;
    ComparisonColumn &c = m_columns[index];
    if (c.isRunning() || c.fitting || c.items.isEmpty())
        return;
    const FitTarget target = fitTargetForTurn(c.profile, m_context, m_prompt, int(c.items.size()));
    c.fitting = true;
    for (const TrayItem &item : std::as_const(c.items)) {
        ++c.preparing;
        m_intake->fit(workId(m_keys.at(index), item.id), item.path, item.info, target);
    }
    if (c.profile.limits.maxImages > 0 && c.items.size() > c.profile.limits.maxImages)
        emit message(index, Tr::tr("%1 takes at most %2 images per request: Fit to Model makes images smaller, "
                                   "but it can't send %3.")
                                .arg(c.profile.displayName)
                                .arg(c.profile.limits.maxImages)
                                .arg(c.items.size()));
    emit columnChanged(index);
}

QString ModelComparison::startBlocker() const
{
    if (const QString why = busyOrNoConnection(isRunning(), m_target); !why.isEmpty())
        return why;
    if (m_columns.size() < MinModels)
        return Tr::tr("Choose at least %1 models to compare.").arg(MinModels);
    // Columns not asked yet go first; once every column has been asked, Send asks them all again.
    const bool allAsked = std::all_of(m_columns.begin(), m_columns.end(), [](const ComparisonColumn &c) { return c.started; });
    for (const ComparisonColumn &c : m_columns)
        if ((allAsked || !c.started) && c.canSend())
            return {};
    for (const ComparisonColumn &c : m_columns) {
        if (c.started && !allAsked)
            continue;
        return c.preparing > 0 ? Tr::tr("%1: preparing images…").arg(c.model)
                               : Tr::tr("%1: %2").arg(c.model, c.evaluation.blocker);
    }
    return {};
}

int ModelComparison::start()
{
    if (!startBlocker().isEmpty())
        return 0;
    const bool allAsked = std::all_of(m_columns.begin(), m_columns.end(), [](const ComparisonColumn &c) { return c.started; });
    int started = 0;
    for (int i = 0; i < m_columns.size(); ++i) {
        const ComparisonColumn &c = m_columns.at(i);
        if ((c.started && !allAsked) || !c.canSend())
            continue;
        startColumn(i);
        ++started;
    }
    return started;
}

bool ModelComparison::retry(int index)
{
    if (index < 0 || index >= m_columns.size() || !m_target.isValid())
        return false;
    const ComparisonColumn &c = m_columns.at(index);
    if (c.isRunning() || !c.canSend())
        return false;
    startColumn(index);
    return true;
}

void ModelComparison::startColumn(int index)
{
    dropCall(index);
    ComparisonColumn &c = m_columns[index];
    Turn turn;
    turn.prompt = m_prompt;
    turn.askedAt = QDateTime::currentDateTime();
    turn.model = c.model;
    turn.connectionName = m_target.connectionName;
    turn.images = sendableImages(c.items);
    turn.state = Turn::State::Pending;
    turn.status = Tr::tr("Sending…");
    c.turn = turn;
    c.started = true;

    auto *call = new ChatCall(m_nam, chatRequestFor(m_target, m_parameters, m_context.history, turn), this);
    m_calls[index] = call;
    const quint64 key = m_keys.at(index);
    auto column = [this, key]() -> ComparisonColumn * {
        const int i = indexOfKey(key);
        return i < 0 ? nullptr : &m_columns[i];
    };
    connect(call, &ChatCall::textReceived, this, [this, key, column](const QString &delta) {
        ComparisonColumn *c = column();
        if (!c)
            return;
        const bool first = c->turn.state != Turn::State::Streaming;
        c->turn.answer += delta;
        c->turn.state = Turn::State::Streaming;
        if (first) {
            c->turn.status.clear();
            emit columnChanged(indexOfKey(key));
        }
        emit answerAppended(indexOfKey(key), delta);
    });
    connect(call, &ChatCall::reasoningReceived, this, [column](const QString &delta) {
        if (ComparisonColumn *c = column())
            c->turn.reasoning += delta;
    });
    auto setStatus = [this, key, column](const QString &status) {
        ComparisonColumn *c = column();
        if (!c || status.isEmpty() || c->turn.status == status)
            return;
        c->turn.status = status;
        emit columnChanged(indexOfKey(key));
    };
    connect(call, &ChatCall::uploadProgress, this,
            [setStatus](qint64 sent, qint64 total) { setStatus(uploadStatus(sent, total)); });
    connect(call, &ChatCall::phaseChanged, this, [setStatus](ChatCall::Phase phase) { setStatus(phaseStatus(phase)); });
    connect(call, &ChatCall::retrying, this, [setStatus](int attempt, int delayMs, const ApiError &why) {
        setStatus(retryStatus(attempt, delayMs, why));
    });
    connect(call, &ChatCall::finished, this, [this, key, call](const ChatOutcome &o) {
        const int i = indexOfKey(key);
        if (i >= 0 && m_calls.at(i) == call) {
            finishTurn(m_columns[i].turn, o);
            m_calls[i] = nullptr;
        }
        call->deleteLater();
        if (i >= 0)
            emit columnChanged(i);
        updateRunning();
    });
    emit columnChanged(index);
    updateRunning();
    call->start();
}

void ModelComparison::dropCall(int index)
{
    if (index < 0 || index >= m_calls.size() || !m_calls.at(index))
        return;
    ChatCall *call = m_calls.at(index);
    m_calls[index] = nullptr;
    call->disconnect(this);
    call->stop();
    call->deleteLater();
    ComparisonColumn &c = m_columns[index];
    if (!c.turn.isFinished()) {
        c.turn.state = Turn::State::Stopped;
        c.turn.status.clear();
    }
}

void ModelComparison::stop(int index)
{
    if (index >= 0 && index < m_calls.size() && m_calls.at(index))
        m_calls.at(index)->stop(); // finished() follows with what arrived
}

void ModelComparison::stopAll()
{
    for (int i = 0; i < m_calls.size(); ++i)
        stop(i);
}

bool ModelComparison::isRunning() const
{
    return std::any_of(m_calls.begin(), m_calls.end(), [](const ChatCall *c) { return c != nullptr; });
}

void ModelComparison::updateRunning()
{
    const bool running = isRunning();
    if (running == m_wasRunning)
        return;
    m_wasRunning = running;
    emit runningChanged(running);
}

int ModelComparison::indexOfKey(quint64 key) const
{
    return int(m_keys.indexOf(key));
}

bool ModelComparison::turnFor(int index, Turn *turn) const
{
    if (index < 0 || index >= m_columns.size())
        return false;
    const ComparisonColumn &c = m_columns.at(index);
    if (!c.started || !c.turn.isFinished() || !c.turn.isContext())
        return false;
    if (turn)
        *turn = c.turn;
    return true;
}

} // namespace squint
