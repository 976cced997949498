#pragma once

// Compare models: the same turn (prompt, images and the conversation before it) sent to two or three
// models at once. Each model is a column with its own limits: its own evaluation (meters), its own
// prepared and fitted variants of the images, its own call and its own answer. One failing leaves
// the others running; its column keeps the error and can be retried. The user then continues the
// conversation with one column's turn (ChatSession::adoptTurn). No widgets here.

#include "core/catalog/catalog.h"
#include "core/chat/chattarget.h"
#include "core/chat/conversation.h"
#include "core/compose/evaluation.h"
#include "core/images/imageprep.h"
#include "core/compose/traymodel.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>

class QNetworkAccessManager;

namespace squint {

class ChatCall;
class Intake;
class Settings;

/// One model's side of a comparison.
struct ComparisonColumn
{
    QString model;            ///< model or endpoint name sent in the body
    ModelProfile profile;     ///< its limits (with the user's overrides)
    QList<TrayItem> items;    ///< the images as this model gets them (own prepared and fitted variants)
    Evaluation evaluation;    ///< its meters and what keeps it from sending (evaluation.blocker)
    Turn turn;                ///< prompt, images as sent, the answer as it streams, usage, times, error
    bool started = false;     ///< a call was started (turn.state says how it went)
    int preparing = 0;        ///< conversions and fits of this column still running
    bool fitting = false;     ///< Fit to Model runs for this column

    bool isRunning() const { return started && !turn.isFinished(); }
    /// Whether a call can be started now: ready, within its limits, not running.
    bool canSend() const { return evaluation.canSend && preparing == 0 && !isRunning(); }
};

class ModelComparison final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModelComparison)
public:
    static constexpr int MinModels = 2;
    static constexpr int MaxModels = 3;

    ModelComparison(Catalog catalog, Settings *settings, QNetworkAccessManager *nam, QObject *parent = nullptr);
    ~ModelComparison() override;

    /// Starts over (stops calls in flight): the prompt, the tray's images (loaded ones; others are
    /// left out) and what goes before them (system prompt, earlier turns), one column per model
    /// (at most MaxModels; empty names are skipped).
    void setup(const QString &prompt, const QList<TrayItem> &images, const RequestContext &context,
               const ChatParameters &parameters, const QStringList &models);
    void setTarget(const ChatTarget &target);
    const ChatTarget &target() const { return m_target; }

    QString prompt() const { return m_prompt; }
    /// Images of the turn (loaded tray images at setup()).
    int imageCount() const { return int(m_images.size()); }
    /// Tray ids of those images, in order.
    QList<quint64> imageIds() const;
    int count() const { return int(m_columns.size()); }
    const ComparisonColumn &column(int index) const { return m_columns.at(index); }
    QStringList models() const;

    /// Adds a column for `model` (false when there are MaxModels already).
    bool addModel(const QString &model);
    /// Removes a column (stops its call). Columns after it move down.
    void removeModel(int index);
    /// Changes a column's model: new limits, new evaluation, the answer so far is dropped.
    void setModel(int index, const QString &model);

    /// "Fit to Model" for one column: prepares that column's images so its request fits its model.
    void fit(int index);

    /// Sends the turn to every column that can send and has not been asked yet; once every column
    /// has been asked (and none runs), asks every one that can send again. Returns how many started.
    int start();
    /// Sends one column again (after a failure, a stop, or to regenerate).
    bool retry(int index);
    void stop(int index);
    void stopAll();
    bool isRunning() const;

    /// Why start() can't send anything now (empty when it would start at least one column).
    QString startBlocker() const;

    /// The column's turn to continue the conversation with: only a finished one with an answer
    /// (Done, or Stopped with text). Returns false otherwise.
    bool turnFor(int index, Turn *turn) const;

signals:
    /// Columns were set up, added or removed.
    void columnsChanged();
    /// Something of column `index` changed: its evaluation, state, status, figures or error.
    void columnChanged(int index);
    /// Text streamed into column `index`'s answer.
    void answerAppended(int index, const QString &text);
    void runningChanged(bool running);
    /// A message for the user about column `index` (e.g. Fit to Model's result).
    void message(int index, const QString &text);

private:
    ComparisonColumn makeColumn(const QString &model) const;
    void evaluateColumn(int index);
    void requestPreparations(int index);
    void startColumn(int index);
    void dropCall(int index);
    void updateRunning();
    int indexOfKey(quint64 key) const;
    void onPrepared(quint64 id, bool fitted, const PreparedImage &image, const QString &error);

    Catalog m_catalog;
    QPointer<Settings> m_settings;
    QPointer<QNetworkAccessManager> m_nam;
    Intake *m_intake = nullptr;
    ChatTarget m_target;
    QString m_prompt;
    QList<TrayItem> m_images;
    RequestContext m_context;
    ChatParameters m_parameters;
    QList<ComparisonColumn> m_columns;
    QList<quint64> m_keys;          ///< per column: a key that outlives index changes (names its work)
    QList<ChatCall *> m_calls;      ///< per column, null when none
    QList<QSet<QString>> m_inFlight; ///< per column: "trayId:planKey" conversions under way
    quint64 m_nextKey = 1;
    bool m_wasRunning = false;
};

} // namespace squint
