#pragma once

#include "core/batch/batchrunner.h"
#include "core/catalog/catalog.h"
#include "core/chat/conversation.h"
#include "core/compose/composer.h"
#include "core/compose/traymodel.h"
#include "core/connections/connectionmanager.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QThreadPool>
#include <QUrl>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace squint {

class CapabilityProbe;
class ChatSession;
class History;
class ModelComparison;
class SecretStore;
class Settings;
struct LoadedConversation;
struct VisionCapability;
enum class TranscriptFormat;

/// The tray items an action works on: the selected ones (`selected`, tray ids), or the whole tray
/// when nothing is selected. In the tray's order.
QList<TrayItem> itemsForAction(const QList<TrayItem> &tray, const QList<quint64> &selected);
/// What Compare Side by Side opens for this tray and selection: the loaded images of itemsForAction().
QList<TrayItem> compareCandidates(const QList<TrayItem> &tray, const QList<quint64> &selected);
/// Why Compare Side by Side can't open for this tray and selection, saying what to add or select;
/// empty when it can (2 to 4 loaded images).
QString compareSelectionProblem(const QList<TrayItem> &tray, const QList<quint64> &selected);
/// The models a new comparison starts with: `current` first, then the last comparison's models
/// (`previous`), then the `offered` ones until there are ModelComparison::MinModels; at most
/// ModelComparison::MaxModels, no name twice.
QStringList modelsToCompare(const QString &current,
                            const QStringList &previous,
                            const QStringList &offered);
/// A file name (no folder, no suffix) for a conversation titled `title`: without the characters
/// file systems refuse, never empty.
QString fileNameForConversation(const QString &title);
/// The command line's images as the tray takes them: absolute paths as local files, others as URLs.
QList<QUrl> inputUrls(const QStringList &inputs);

/// The images of an earlier turn made into files for Compare Side by Side (AppController::compareTurnImages()).
struct TurnComparison
{
    quint64 turnId = 0;
    QList<TurnImage> images; ///< as the turn sent them
    QStringList paths;       ///< one per image; empty for one that could not be written
    QStringList names;       ///< the images' names, for the captions
};

/// Where the application's state lives. The defaults are the user's own (main()); tests pass
/// temporary ones.
struct AppSetup
{
    /// Empty: the user's settings file.
    QString settingsFile;
    /// Where tokens typed into Squint are kept; null: the system keychain. Not owned.
    SecretStore *secrets = nullptr;
    ConnectionManager::Environment environment = ConnectionManager::Environment::system();
    /// False: nothing is saved (no History at all).
    bool history = true;
    /// The model to start with (--model); empty: the last one used.
    QString model;
};

/// The application without its widgets: it builds the core objects (Settings, Composer,
/// ConnectionManager, History, ChatSession, CapabilityProbe, ModelComparison), wires them to each
/// other, and makes every decision the window used to make, as functions and signals a test without
/// widgets can check. MainWindow shows its state and forwards what the user does; main() builds one.
///
/// What the user should read arrives as message(); a request that can't run says why there.
class AppController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AppController)
public:
    explicit AppController(AppSetup setup = {}, QObject *parent = nullptr);
    /// Stops the answer in flight (what arrived is saved), then closes the history, which writes
    /// everything still queued.
    ~AppController() override;

    /// Opens the history (openHistory()) and starts looking for connections.
    void start();
    /// Opens the history at `path` (empty: the default file). The conversation shown when Squint
    /// last ran opens again, unless something was asked already.
    void openHistory(const QString &path = {});

    Settings *settings() const { return m_settings.get(); }
    QNetworkAccessManager *nam() const { return m_nam.get(); }
    Composer *composer() const { return m_composer.get(); }
    ConnectionManager *connections() const { return m_connections.get(); }
    /// Null when AppSetup::history was false.
    History *history() const { return m_history.get(); }
    ChatSession *session() const { return m_session.get(); }
    CapabilityProbe *capabilities() const { return m_capabilities.get(); }
    /// Null until the first setUpModelComparison().
    ModelComparison *modelComparison() const { return m_comparison.get(); }

    // The conversation.
    /// Why Send is off: an answer is coming, no connection, the composer's blocker, or nothing typed
    /// or attached. Empty when Send works.
    QString sendBlocker() const;
    /// Why nothing can be asked now whatever the question (busyOrNoConnection()); Ask About These
    /// and Continue With follow it.
    QString askBlocker() const;
    /// Sends the composer's prompt and images. When it can't, says why (message()) and returns false.
    bool send();
    /// Asks turn `turnId` again; says why when it can't.
    bool retry(quint64 turnId);
    /// The system prompt, temperature and answer length of new questions, remembered for next time.
    void setChatParameters(const ChatParameters &parameters);
    /// Adds the command line's images (inputUrls()) to the tray.
    void addInputs(const QStringList &inputs);

    // The history.
    /// Opens conversation `id` (asynchronously); once it is shown, turnToShow() asks for turn
    /// `focusPosition` (a search hit, with `highlight`) when it is not -1. A conversation asked for
    /// later replaces one still loading.
    void openConversation(qint64 id, int focusPosition = -1, const QString &highlight = {});
    /// The id of the conversation being opened (0: none).
    qint64 loadingId() const { return m_loadingId; }
    /// How many of a conversation's last turns the chat shows at once: their images come with
    /// their thumbnails when it opens (History::load()).
    void setInitialTurns(int turns) { m_initialTurns = turns; }
    /// Renames a conversation; the one shown keeps its title in step.
    void renameConversation(qint64 id, const QString &title);
    /// Why Rename can't run (`selected`: a conversation is selected in the list); empty when it can.
    QString renameProblem(bool selected) const;
    /// Moves conversation `id` to the trash (the one shown: its answer stops and a new conversation
    /// starts). Returns the message to show with an Undo that calls restoreConversation().
    QString deleteConversation(qint64 id, const QString &title);
    /// Undoes deleteConversation(): back from the trash, and shown again if it was shown.
    void restoreConversation(qint64 id);
    /// Why the conversation shown can't be saved as a file now; empty when it can.
    QString saveProblem() const;
    /// Writes the conversation shown to `path` (asynchronously; message() says how it went).
    /// Returns false, saying why, when there is nothing saved to write yet.
    bool saveConversationAs(const QString &path, TranscriptFormat format);
    /// Adds a JSON transcript to the history and opens it.
    void importConversation(const QString &path);

    // Comparing images.
    /// Why Compare Side by Side can't open for the tray's selection `selected` (compareSelectionProblem()).
    QString compareProblem(const QList<quint64> &selected) const;
    /// The tray images Compare Side by Side opens for `selected` (compareCandidates()).
    QList<TrayItem> compareItems(const QList<quint64> &selected) const;
    /// Ask About These for tray images compared side by side: `shown` (paths, as the view orders
    /// them) of `compared` go labelled with `prompt` as a turn of this conversation. Returns false
    /// with *why (also in message()) when nothing was sent.
    bool askAboutTrayImages(const QList<TrayItem> &compared,
                            const QStringList &shown,
                            const QString &prompt,
                            QString *why = nullptr);
    /// Makes files of turn `turnId`'s images off the GUI thread (from the history they may be only
    /// bytes), then emits turnImagesReady(). Says why when the turn has no 2 to 4 images.
    void compareTurnImages(quint64 turnId);
    /// Ask About These for a turn's images: they go again, as they were sent, in the order `shown`.
    bool askAboutTurnImages(const TurnComparison &compared,
                            const QStringList &shown,
                            const QString &prompt,
                            QString *why = nullptr);

    // Comparing models.
    /// The comparison Compare Models shows, made on first use (its window is made for it).
    ModelComparison *ensureModelComparison();
    /// The comparison Compare Models shows (ensureModelComparison()). A new prompt or other images start a
    /// new one with modelsToCompare() (`offered`: the models the picker offers); the same prompt and
    /// images keep the last one, answers and all.
    ModelComparison *setUpModelComparison(const QStringList &offered);
    /// Continues the conversation with column `column`'s answer and model. Says why when it can't.
    bool continueWithModel(int column);

    // A batch.
    /// The images a batch offers for the tray's selection `selected` (itemsForAction()).
    QStringList batchImages(const QList<quint64> &selected) const;
    /// Renews a refused OAuth token of `target` for a batch running on another thread (through the
    /// connection manager on this one); a token goes only to its own connection.
    BatchJob::TokenRenewer batchTokenRenewer(const ChatTarget &target) const;
    /// The limits of any model, with the user's overrides (a batch may change model).
    std::function<ModelProfile(const QString &name)> profileLookup() const;

    // What models can see.
    /// Test Vision: sends the test image to `model` on the current connection.
    void testVision(const QString &model);

signals:
    /// Something the user should read (in the window's message bar).
    void message(squint::Composer::MessageLevel level, const QString &text);
    /// Whether questions can be asked changed (an answer started or ended, the connection changed):
    /// Send, Stop and Ask About These follow.
    void askStateChanged();
    /// A question failed for good (not one asked again with a renewed token).
    void turnFailed();
    /// A conversation was opened at turn `position` (a search hit, with `highlight`).
    void turnToShow(int position, const QString &highlight);
    /// The models the current connection offers (empty while they are asked for).
    void remoteModelsChanged(const QList<squint::RemoteModel> &models);
    /// Another connection: nothing known of models' eyes applies any more.
    void visionForgotten();
    /// What is known of `model`'s eyes on the current connection.
    void visionKnown(const QString &model, const squint::VisionCapability &capability);
    /// compareTurnImages() made its files.
    void turnImagesReady(const squint::TurnComparison &comparison);

private:
    void wireSession();
    void wireConnections();
    void wireCapabilities();
    void wireHistory();
    void onTargetChanged(const ChatTarget &target);
    void onTargetFailed(const QString &why);
    void onModelsListed(const QString &connectionId,
                        const QList<RemoteModel> &models,
                        const QString &error);
    void onTurnFinished(int index);
    void onHistoryOpened(bool ok, const QString &notice, const QString &error);
    void onConversationLoaded(const LoadedConversation &conversation);
    /// Sends what is known of `model` to the picker and, for the current model, to the composer.
    void applyVision(const QString &model);
    /// Asks the server about `model` when nothing is known of it yet.
    bool probeVision(const QString &model);
    bool askFailed(const QString &why, QString *out);
    void askSent(int images);
    void shutDown();

    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<SecretStore> m_ownSecrets;
    std::unique_ptr<Composer> m_composer;
    std::unique_ptr<ConnectionManager> m_connections;
    std::unique_ptr<CapabilityProbe> m_capabilities;
    /// Declared before the session: it outlives it and runs every queued save before it closes.
    std::unique_ptr<History> m_history;
    std::unique_ptr<ChatSession> m_session;
    std::unique_ptr<ModelComparison> m_comparison;
    /// Files for compared turns. Not the global pool: QPainter's smooth drawing waits on that one
    /// (see CompareView).
    QThreadPool m_workers;

    // Opening a conversation of the history.
    qint64 m_loadingId = 0;
    QString m_loadingHighlight;
    bool m_loadingQuietly = false; ///< the conversation of the last run: no news when it is gone
    int m_initialTurns = 30;
    QHash<qint64, bool> m_deleted; ///< conversations deleted this session -> whether they were shown

    /// A turn refused for its OAuth token, asked again once the token is renewed.
    quint64 m_retryOnNewToken = 0;
    /// The last turn asked again so (never twice).
    quint64 m_retriedOnNewToken = 0;
    bool m_shutDown = false;
};

} // namespace squint

Q_DECLARE_METATYPE(squint::TurnComparison)
