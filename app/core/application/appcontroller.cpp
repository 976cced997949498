#include "core/application/appcontroller.h"

#include "core/catalog/capabilities.h"
#include "core/chat/chatsession.h"
#include "core/compare/modelcompare.h"
#include "core/connections/secretstore.h"
#include "core/history/history.h"
#include "core/images/intake.h"
#include "core/util/settings.h"

#include <QCoreApplication>
#include <QDir>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QRegularExpression>

#include <algorithm>
#include <utility>

namespace squint {

namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::AppController)
};

/// How many images Compare Side by Side shows at once (the compare view's limits).
constexpr int MinCompared = 2;
constexpr int MaxCompared = 4;

/// How many listed models are asked about their eyes at most, per list.
constexpr int MaxProbedPerList = 50;
} // namespace

QList<TrayItem> itemsForAction(const QList<TrayItem> &tray, const QList<quint64> &selected)
{
    QList<TrayItem> items;
    for (const TrayItem &item : tray) {
        if (selected.isEmpty() || selected.contains(item.id))
            items << item;
    }
    return items;
}

QList<TrayItem> compareCandidates(const QList<TrayItem> &tray, const QList<quint64> &selected)
{
    QList<TrayItem> items; // only images that loaded can be shown
    for (const TrayItem &item : itemsForAction(tray, selected)) {
        if (item.stage == ItemFacts::Stage::Ready)
            items << item;
    }
    return items;
}

QString compareSelectionProblem(const QList<TrayItem> &tray, const QList<quint64> &selected)
{
    const QList<TrayItem> items = itemsForAction(tray, selected);
    const qsizetype ready = compareCandidates(tray, selected).size();
    if (ready >= MinCompared && ready <= MaxCompared)
        return {};
    if (tray.isEmpty())
        return Tr::tr("Add 2 to 4 images to the tray to compare them side by side.");
    if (ready > MaxCompared) {
        return selected.isEmpty()
                   ? Tr::tr("The tray holds %1 images: select the 2 to 4 to compare side by side.")
                         .arg(tray.size())
                   : Tr::tr("%1 images are selected: select 2 to 4 to compare them side by side.")
                         .arg(items.size());
    }
    // Fewer than two loaded among the images the action is about.
    const bool loading = std::any_of(items.cbegin(), items.cend(), [](const TrayItem &item) {
        return item.stage == ItemFacts::Stage::Loading;
    });
    if (loading)
        return Tr::tr("Wait until the images have loaded, then compare them side by side.");
    if (selected.isEmpty()) {
        return tray.size() < MinCompared
                   ? Tr::tr("Add another image to the tray: Compare Side by Side needs 2 to 4.")
                   : Tr::tr("Only %1 of the %2 images in the tray could be read: Compare Side by "
                            "Side needs 2 to 4.")
                         .arg(ready)
                         .arg(tray.size());
    }
    if (items.size() < MinCompared)
        return Tr::tr("One image is selected: select 2 to 4 to compare them side by side.");
    return Tr::tr("Only %1 of the %2 selected images could be read: select 2 to 4 that could.")
        .arg(ready)
        .arg(items.size());
}

QStringList modelsToCompare(const QString &current,
                            const QStringList &previous,
                            const QStringList &offered)
{
    QStringList models;
    if (!current.isEmpty())
        models << current;
    for (const QString &m : previous) {
        if (!m.isEmpty() && !models.contains(m) && models.size() < ModelComparison::MaxModels)
            models << m;
    }
    for (const QString &m : offered) {
        if (models.size() >= ModelComparison::MinModels)
            break;
        if (!m.isEmpty() && !models.contains(m))
            models << m;
    }
    return models;
}

QString fileNameForConversation(const QString &title)
{
    QString name = title;
    // What Windows or macOS refuse in a file name, the backslash included.
    name.replace(QRegularExpression(QStringLiteral("[/\\\\:*?\"<>|]+")), QStringLiteral(" "));
    name = name.simplified();
    return name.isEmpty() ? Tr::tr("conversation") : name;
}

QList<QUrl> inputUrls(const QStringList &inputs)
{
    QList<QUrl> urls;
    for (const QString &in : inputs)
        urls << (in.startsWith(QLatin1Char('/')) ? QUrl::fromLocalFile(in) : QUrl(in));
    return urls;
}

// ------------------------------------------------------------------------------------------------

AppController::AppController(AppSetup setup, QObject *parent)
    : QObject(parent)
    , m_settings(std::make_unique<Settings>(setup.settingsFile))
    , m_nam(std::make_unique<QNetworkAccessManager>())
{
    qRegisterMetaType<TurnComparison>();
    m_workers.setMaxThreadCount(1);
    m_composer = std::make_unique<Composer>(Catalog::builtIn(), m_settings.get(), m_nam.get());
    if (!setup.model.isEmpty())
        m_composer->setModelName(setup.model);
    SecretStore *secrets = setup.secrets;
    if (!secrets) {
        m_ownSecrets = std::make_unique<KeychainSecretStore>();
        secrets = m_ownSecrets.get();
    }
    m_connections = std::make_unique<ConnectionManager>(m_settings.get(),
                                                        secrets,
                                                        m_nam.get(),
                                                        std::move(setup.environment));
    m_capabilities = std::make_unique<CapabilityProbe>(m_nam.get(), m_settings->qsettings());
    if (setup.history)
        m_history = std::make_unique<History>();
    m_session = std::make_unique<ChatSession>(m_composer.get(), m_nam.get());
    m_session->setParameters(m_settings->chatParameters());
    m_session->setHistory(m_history.get());

    wireSession();
    wireConnections();
    wireCapabilities();
    wireHistory();
    // Quitting while an answer streams keeps what arrived, marked as stopped.
    if (QCoreApplication *app = QCoreApplication::instance())
        connect(app, &QCoreApplication::aboutToQuit, this, &AppController::shutDown);
}

AppController::~AppController()
{
    shutDown();
    m_workers.waitForDone(); // what they report is dropped with this object
}

void AppController::shutDown()
{
    if (std::exchange(m_shutDown, true))
        return;
    m_session->stop();
    m_session->saveProgressNow();
}

void AppController::start()
{
    openHistory();
    m_connections->start();
}

void AppController::openHistory(const QString &path)
{
    if (m_history)
        m_history->open(path);
}

// ------------------------------------------------------------------------------------------------
// Wiring

void AppController::wireSession()
{
    connect(m_session.get(), &ChatSession::busyChanged, this, &AppController::askStateChanged);
    connect(m_session.get(), &ChatSession::turnFinished, this, &AppController::onTurnFinished);
    connect(m_session.get(), &ChatSession::storeIdChanged, this, [this](qint64 id) {
        m_settings->setLastConversation(id); // opened again at the next start
    });
}

void AppController::wireConnections()
{
    ConnectionManager *connections = m_connections.get();
    connect(connections, &ConnectionManager::currentChanged, this, [this] {
        emit remoteModelsChanged({});
        m_connections->refreshModels();
        emit visionForgotten(); // another server: what was known is not about its models
        applyVision(m_composer->modelName());
    });
    connect(connections, &ConnectionManager::targetChanged, this, &AppController::onTargetChanged);
    connect(connections, &ConnectionManager::targetFailed, this, &AppController::onTargetFailed);
    connect(connections, &ConnectionManager::notice, this, [this](const QString &text) {
        emit message(Composer::MessageLevel::Warning, text);
    });
    connect(connections, &ConnectionManager::modelsListed, this, &AppController::onModelsListed);
    if (connections->current()) {
        m_session->setTarget(connections->target());
        connections->refreshModels();
    }
}

void AppController::onTargetChanged(const ChatTarget &target)
{
    m_session->setTarget(target);
    if (const quint64 id = std::exchange(m_retryOnNewToken, 0); id && target.isValid()) {
        m_retriedOnNewToken = id;
        m_session->retry(id);
    }
    if (m_comparison)
        m_comparison->setTarget(target);
    emit askStateChanged();
}

void AppController::onTargetFailed(const QString &why)
{
    m_retryOnNewToken = 0;
    m_session->setTarget({});
    if (m_comparison)
        m_comparison->setTarget({});
    emit message(Composer::MessageLevel::Warning, why);
    emit askStateChanged();
}

void AppController::onTurnFinished(int index)
{
    const Turn &t = m_session->conversation()->at(index);
    // An OAuth token the workspace no longer takes (Databricks: 403, else 401): fetched once more,
    // and the turn asked again with it (onTargetChanged()).
    if (t.state == Turn::State::Failed && (t.error.status == 401 || t.error.status == 403)
        && t.id != m_retriedOnNewToken && m_connections->tokenRejected()) {
        m_retryOnNewToken = t.id;
        return;
    }
    if (t.state == Turn::State::Failed)
        emit turnFailed();
    emit askStateChanged();
}

void AppController::onModelsListed(const QString &connectionId,
                                   const QList<RemoteModel> &models,
                                   const QString &error)
{
    const std::optional<Connection> current = m_connections->current();
    if (!current || current->id != connectionId)
        return;
    emit remoteModelsChanged(models);
    if (!error.isEmpty())
        emit message(Composer::MessageLevel::Warning,
                     tr("Couldn't list the models of %1: %2").arg(current->name, error));
    if (!m_connections->isTargetReady())
        return;
    // A listed model is asked about once per session (the answer is kept); its verdict marks the picker.
    int asked = 0;
    for (const RemoteModel &m : models) {
        applyVision(m.name);
        if (m.ready && asked < MaxProbedPerList && probeVision(m.name))
            ++asked;
    }
}

void AppController::wireCapabilities()
{
    // A model typed by hand (not in the list) is asked about when it becomes current.
    connect(m_composer.get(), &Composer::profileChanged, this, [this] {
        applyVision(m_composer->modelName());
        probeVision(m_composer->modelName());
    });
    connect(m_capabilities.get(),
            &CapabilityProbe::capabilityKnown,
            this,
            [this](const QString &id, const QString &model, const VisionCapability &found) {
                const std::optional<Connection> current = m_connections->current();
                if (!current || current->id != id)
                    return;
                applyVision(model);
                if (found.source == VisionCapability::Source::VisionTest)
                    emit message(found.vision == VisionCapability::Vision::Sees
                                     ? Composer::MessageLevel::Info
                                     : Composer::MessageLevel::Warning,
                                 tr("Test Vision: %1 %2. %3")
                                     .arg(model, visionText(found.vision), found.why));
            });
}

void AppController::applyVision(const QString &model)
{
    const std::optional<Connection> current = m_connections->current();
    if (!current || model.isEmpty())
        return;
    const VisionCapability c = m_capabilities->capability(current->id, model);
    emit visionKnown(model, c);
    if (model == m_composer->modelName())
        m_composer->setNoVision(c.cannotSee() ? c.why : QString(),
                                c.vision == VisionCapability::Vision::Refuses);
}

bool AppController::probeVision(const QString &model)
{
    const std::optional<Connection> current = m_connections->current();
    if (!current || !m_connections->isTargetReady() || model.isEmpty()
        || m_capabilities->isBusy(current->id, model)
        || m_capabilities->capability(current->id, model).vision
               != VisionCapability::Vision::Unknown)
        return false;
    m_capabilities->probeMetadata(*current, m_connections->target().token, model);
    return true;
}

void AppController::testVision(const QString &model)
{
    const std::optional<Connection> current = m_connections->current();
    if (!current || !m_connections->isTargetReady()) {
        emit message(Composer::MessageLevel::Warning,
                     tr("Test Vision needs a connection to send to."));
        return;
    }
    m_capabilities->forget(current->id, model);
    applyVision(model);
    m_capabilities->testVision(current->id, m_connections->target(), model);
    emit message(Composer::MessageLevel::Info,
                 tr("Test Vision: sending a small red image to %1…").arg(model));
}

// ------------------------------------------------------------------------------------------------
// The conversation

QString AppController::sendBlocker() const
{
    const QString blocker = m_session->sendBlocker();
    if (blocker.isEmpty() && !m_composer->evaluation().canSend)
        return tr("Nothing to send yet.");
    return blocker;
}

QString AppController::askBlocker() const
{
    return m_session->stateBlocker();
}

bool AppController::send()
{
    QString why;
    if (m_session->send(&why))
        return true;
    emit message(Composer::MessageLevel::Info, tr("Can't send yet: %1").arg(why));
    return false;
}

bool AppController::retry(quint64 turnId)
{
    if (m_session->retry(turnId))
        return true;
    const QString why = askBlocker();
    emit message(Composer::MessageLevel::Info,
                 why.isEmpty() ? tr("This question can't be asked again.") : why);
    return false;
}

void AppController::setChatParameters(const ChatParameters &parameters)
{
    m_session->setParameters(parameters);
    m_settings->setChatParameters(parameters);
}

void AppController::addInputs(const QStringList &inputs)
{
    const QList<QUrl> urls = inputUrls(inputs);
    if (!urls.isEmpty())
        m_composer->addUrls(urls);
}

// ------------------------------------------------------------------------------------------------
// The history

void AppController::wireHistory()
{
    History *history = m_history.get();
    if (!history)
        return;
    connect(history, &History::opened, this, &AppController::onHistoryOpened);
    connect(history, &History::loaded, this, &AppController::onConversationLoaded);
    connect(history,
            &History::thumbnailsReady,
            this,
            [this](qint64 id, const QHash<QByteArray, QImage> &thumbnails) {
                if (id == m_session->storeId())
                    m_session->conversation()->setThumbnails(thumbnails, &History::thumbnailKey);
            });
    connect(history, &History::failed, this, [this](const QString &text) {
        emit message(Composer::MessageLevel::Warning, text);
    });
    connect(history, &History::busyChanged, this, [this](bool busy, const QString &text) {
        emit message(busy ? Composer::MessageLevel::Warning : Composer::MessageLevel::Info, text);
    });
    connect(history,
            &History::exported,
            this,
            [this](bool ok, const QString &path, const QString &error) {
                if (ok)
                    emit message(Composer::MessageLevel::Info,
                                 tr("Saved %1.").arg(QDir::toNativeSeparators(path)));
                else
                    emit message(Composer::MessageLevel::Error,
                                 tr("Couldn't save %1: %2")
                                     .arg(QDir::toNativeSeparators(path), error));
            });
    connect(history,
            &History::imported,
            this,
            [this](qint64 id, const QString &title, const QString &error) {
                if (id == 0) {
                    emit message(Composer::MessageLevel::Error,
                                 tr("Nothing was imported: %1").arg(error));
                    return;
                }
                emit message(Composer::MessageLevel::Info, tr("Imported “%1”.").arg(title));
                openConversation(id);
            });
}

void AppController::onHistoryOpened(bool ok, const QString &notice, const QString &error)
{
    if (!notice.isEmpty())
        emit message(Composer::MessageLevel::Warning, notice);
    if (!ok) {
        emit message(Composer::MessageLevel::Error,
                     tr("Conversations will not be saved: %1").arg(error));
        return;
    }
    // Back where the user left off, unless something was asked already.
    const qint64 last = m_settings->lastConversation();
    if (last > 0 && m_session->conversation()->count() == 0 && !m_session->isBusy()) {
        openConversation(last);
        m_loadingQuietly = true;
    }
}

void AppController::onConversationLoaded(const LoadedConversation &c)
{
    if (c.id != m_loadingId)
        return; // another one was asked for meanwhile
    m_loadingId = 0;
    const bool quietly = std::exchange(m_loadingQuietly, false);
    if (!c.error.isEmpty()) {
        if (!quietly) // the last conversation of a session may be gone: no news
            emit message(Composer::MessageLevel::Warning,
                         tr("Couldn't open the conversation: %1").arg(c.error));
        return;
    }
    if (m_session->isBusy()) {
        const QString was = m_session->conversation()->title();
        emit message(
            Composer::MessageLevel::Info,
            tr("The answer in “%1” was stopped to open another conversation; what arrived is kept.")
                .arg(was.isEmpty() ? tr("Untitled conversation") : was));
    }
    m_session->openConversation(c);
    if (c.focusPosition >= 0)
        emit turnToShow(c.focusPosition, m_loadingHighlight);
}

void AppController::openConversation(qint64 id, int focusPosition, const QString &highlight)
{
    if (!m_history || id <= 0)
        return;
    if (id == m_session->storeId() && focusPosition >= 0) {
        emit turnToShow(focusPosition, highlight); // already shown
        return;
    }
    m_loadingId = id;
    m_loadingHighlight = highlight;
    m_loadingQuietly = false;
    m_history->load(id, focusPosition, m_initialTurns);
}

void AppController::renameConversation(qint64 id, const QString &title)
{
    if (id == m_session->storeId())
        m_session->rename(title); // the conversation shown: its title and the history follow
    else if (m_history)
        m_history->rename(id, title);
}

QString AppController::renameProblem(bool selected) const
{
    if (!m_history)
        return tr("Conversations are not saved here, so there is nothing to rename.");
    if (!selected)
        return tr("Select a conversation in the list to rename it.");
    return {};
}

QString AppController::deleteConversation(qint64 id, const QString &title)
{
    if (!m_history || id <= 0)
        return {};
    const bool shown = id == m_session->storeId();
    if (shown && m_session->isBusy())
        m_session->stop();
    m_history->trash(id);
    if (shown)
        m_session->newConversation();
    m_deleted.insert(id, shown);
    return tr("Deleted “%1”.").arg(title.isEmpty() ? tr("Untitled conversation") : title);
}

void AppController::restoreConversation(qint64 id)
{
    if (!m_history || !m_deleted.contains(id))
        return;
    const bool shown = m_deleted.take(id);
    m_history->restore(id);
    if (shown)
        openConversation(id);
}

QString AppController::saveProblem() const
{
    if (!m_history)
        return tr("Conversations are not saved here, so there is nothing to write to a file.");
    if (m_session->storeId() == 0)
        return tr("Nothing to save yet: ask a question first.");
    return {};
}

bool AppController::saveConversationAs(const QString &path, TranscriptFormat format)
{
    if (const QString why = saveProblem(); !why.isEmpty()) {
        emit message(Composer::MessageLevel::Info, why);
        return false;
    }
    m_session->saveProgressNow(); // what streamed in the last second goes too
    m_history->exportTo(m_session->storeId(), path, format);
    return true;
}

void AppController::importConversation(const QString &path)
{
    if (m_history)
        m_history->importFrom(path);
    else
        emit message(Composer::MessageLevel::Info,
                     tr("Conversations are not saved here, so nothing can be imported."));
}

// ------------------------------------------------------------------------------------------------
// Comparing images

QString AppController::compareProblem(const QList<quint64> &selected) const
{
    return compareSelectionProblem(m_composer->tray()->items(), selected);
}

QList<TrayItem> AppController::compareItems(const QList<quint64> &selected) const
{
    return compareCandidates(m_composer->tray()->items(), selected);
}

bool AppController::askFailed(const QString &why, QString *out)
{
    const QString text = tr("Can't ask about these images: %1").arg(why);
    emit message(Composer::MessageLevel::Warning, text);
    if (out)
        *out = text;
    return false;
}

void AppController::askSent(int images)
{
    emit message(
        Composer::MessageLevel::Info,
        tr("Asked about %n image(s) as Image 1 to Image %n, in the order of the comparison.",
           nullptr,
           images));
}

bool AppController::askAboutTrayImages(const QList<TrayItem> &compared,
                                       const QStringList &shown,
                                       const QString &prompt,
                                       QString *why)
{
    QList<quint64> ids; // the view names the images by path, the tray by id
    for (const QString &path : shown) {
        const auto item = std::find_if(compared.cbegin(), compared.cend(), [&](const TrayItem &i) {
            return i.path == path;
        });
        ids << (item == compared.cend() ? 0 : item->id);
    }
    QString reason;
    if (!m_session->sendLabelled(ids, prompt, &reason))
        return askFailed(reason, why);
    askSent(int(ids.size()));
    return true;
}

void AppController::compareTurnImages(quint64 turnId)
{
    const Turn *turn = m_session->conversation()->byId(turnId);
    if (!turn)
        return;
    if (turn->images.size() < MinCompared || turn->images.size() > MaxCompared) {
        emit message(Composer::MessageLevel::Info,
                     tr("Compare Side by Side shows 2 to 4 images; this question has %1.")
                         .arg(turn->images.size()));
        return;
    }
    // History images may exist only as bytes in the database: they are written to the cache folder
    // on a worker thread, and turnImagesReady() follows when their files are there.
    TurnComparison c;
    c.turnId = turnId;
    c.images = turn->images;
    m_workers.start([this, c]() mutable {
        QStringList errors;
        for (const TurnImage &image : std::as_const(c.images)) {
            c.names << image.name;
            QString error;
            const QString path = fileForTurnImage(image, &error);
            c.paths << path; // the view shows why an image is missing
            if (path.isEmpty())
                errors << error;
        }
        QMetaObject::invokeMethod(
            this,
            [this, c, errors] {
                if (!errors.isEmpty())
                    emit message(Composer::MessageLevel::Warning, errors.join(QLatin1Char(' ')));
                emit turnImagesReady(c);
            },
            Qt::QueuedConnection);
    });
}

bool AppController::askAboutTurnImages(const TurnComparison &compared,
                                       const QStringList &shown,
                                       const QString &prompt,
                                       QString *why)
{
    if (shown.contains(QString()))
        return askFailed(tr("An image of this question is no longer available."), why);
    QList<TurnImage> ordered; // as the view shows them
    for (const QString &path : shown)
        ordered << compared.images.value(compared.paths.indexOf(path));
    QString reason;
    if (!m_session->sendLabelledTurnImages(ordered, prompt, &reason))
        return askFailed(reason, why);
    askSent(int(ordered.size()));
    return true;
}

// ------------------------------------------------------------------------------------------------
// Comparing models

ModelComparison *AppController::ensureModelComparison()
{
    if (!m_comparison)
        m_comparison = std::make_unique<ModelComparison>(m_composer->catalog(),
                                                         m_settings.get(),
                                                         m_nam.get());
    return m_comparison.get();
}

ModelComparison *AppController::setUpModelComparison(const QStringList &offered)
{
    ensureModelComparison();
    // The last comparison stays as it was (answers and all) while the prompt and tray are the same;
    // a new prompt or other images start a new one.
    QList<quint64> readyIds;
    for (const TrayItem &item : m_composer->tray()->items()) {
        if (item.stage == ItemFacts::Stage::Ready)
            readyIds << item.id;
    }
    const bool same = m_comparison->count() > 0 && m_comparison->prompt() == m_composer->prompt()
                      && m_comparison->imageIds() == readyIds;
    if (!m_comparison->isRunning() && !same) {
        m_comparison->setTarget(m_session->target());
        m_comparison->setup(m_composer->prompt(),
                            m_composer->tray()->items(),
                            m_composer->context(),
                            m_session->conversation()->parameters(),
                            modelsToCompare(m_composer->modelName(),
                                            m_comparison->models(),
                                            offered));
    }
    return m_comparison.get();
}

bool AppController::continueWithModel(int column)
{
    Turn turn;
    if (!m_comparison || !m_comparison->turnFor(column, &turn)) {
        emit message(Composer::MessageLevel::Info,
                     tr("This model has no finished answer to continue with."));
        return false;
    }
    if (!m_session->adoptTurn(turn)) {
        const QString why = askBlocker();
        emit message(Composer::MessageLevel::Info,
                     why.isEmpty() ? tr("This answer can't join the conversation now.") : why);
        return false;
    }
    const QString model = m_comparison->column(column).model;
    m_composer->setModelName(model);
    emit message(Composer::MessageLevel::Info,
                 tr("Continuing with %1: its answer is now part of the conversation.").arg(model));
    return true;
}

// ------------------------------------------------------------------------------------------------
// A batch

QStringList AppController::batchImages(const QList<quint64> &selected) const
{
    QStringList paths; // the batch reports an image that can't be used as a row with its error
    for (const TrayItem &item : itemsForAction(m_composer->tray()->items(), selected))
        paths << item.path;
    return paths;
}

BatchJob::TokenRenewer AppController::batchTokenRenewer(const ChatTarget &target) const
{
    // The batch runs on its own thread; the connection manager renews a refused OAuth token on this one.
    QPointer<ConnectionManager> connections = m_connections.get();
    return [connections, target](auto done) {
        const bool asked = connections
                           && QMetaObject::invokeMethod(
                               connections.data(),
                               [connections, target, done] {
                                   if (connections)
                                       connections->renewTokenFor(target, done);
                                   else
                                       done({}, Tr::tr("Squint is closing."));
                               },
                               Qt::QueuedConnection);
        if (!asked)
            done({}, Tr::tr("Squint is closing."));
    };
}

std::function<ModelProfile(const QString &name)> AppController::profileLookup() const
{
    const Catalog catalog = m_composer->catalog();
    QPointer<Settings> settings = m_settings.get();
    return [catalog, settings](const QString &name) {
        return catalog.profileWithOverrides(name, settings.data());
    };
}

} // namespace squint
