#pragma once

#include "core/chat/chatprotocol.h"
#include "core/chat/requestbody.h"

#include <QDateTime>
#include <QHash>
#include <QImage>
#include <QList>
#include <QObject>
#include <QSize>
#include <QString>
#include <QStringView>
#include <functional>

#include <optional>

namespace squint {

/// One image as it went (or will go) with a user turn. The bytes stay on disk: `sentPath` is the
/// variant that was sent (a file in Squint's cache, or the original when it went as it was).
struct TurnImage
{
    QString name;         ///< file name shown to the user
    QString originalPath; ///< where the original is (may be a cache copy for pasted or downloaded images)
    QByteArray sha256;    ///< of the original, hex
    QString mime;         ///< of the bytes sent, e.g. image/jpeg
    QString sentPath;     ///< file holding the bytes sent
    QByteArray data;      ///< the bytes sent, only when no file holds them (the cache could not be written)
    qint64 sentBytes = 0;
    QSize sentSize;
    int tokens = 0;       ///< estimated image tokens for the model it was sent to
    QImage thumbnail;     ///< small, for the chat pane
    QString edits; ///< the editor's edit list (JSON, editlist.h) that made the sent bytes; empty if none
};

/// One exchange: what the user asked (prompt and images) and what came back.
struct Turn
{
    enum class State {
        Pending,   ///< built, not answered yet (connecting, uploading or waiting for a retry)
        Streaming, ///< part of the answer has arrived
        Done,      ///< the answer is complete
        Stopped,   ///< the user stopped it; what arrived is kept
        Failed,    ///< an error; what arrived (if anything) is kept, Retry sends the same request
    };

    quint64 id = 0;
    QString prompt;
    QList<TurnImage> images;
    bool imagesInContext = true; ///< false: later requests leave this turn's images out
    bool labelImages = false;    ///< the images go labelled "Image 1:", "Image 2:"... (Ask About These)
    QDateTime askedAt;

    State state = State::Pending;
    QString answer;
    QString reasoning;
    QString model;          ///< the model or endpoint name it was sent to
    QString connectionName; ///< e.g. "Databricks (dbc-1234.cloud.databricks.com)"
    QString finishReason;
    TokenUsage usage;
    qint64 firstTokenMs = -1; ///< from sending to the first text
    qint64 totalMs = -1;      ///< from sending to the end
    ApiError error;
    QString status;           ///< transient progress: "Uploading 40%", "Retrying in 2 s"

    bool isFinished() const { return state == State::Done || state == State::Stopped || state == State::Failed; }
    /// Whether this turn's exchange belongs in the context of later requests.
    bool isContext() const { return state == State::Done || (state == State::Stopped && !answer.isEmpty()); }
};

/// The name of a turn's state in the history file and in transcripts: "pending", "streaming",
/// "done", "stopped", "failed".
QString turnStateName(Turn::State state);
/// The state a name written by turnStateName() stands for; nullopt for a name it does not know (one
/// from a newer Squint: the caller decides).
std::optional<Turn::State> turnStateFromName(QStringView name);

/// Request parameters that are not part of the turns.
struct ChatParameters
{
    QString system;          ///< empty: no system message
    double temperature = -1; ///< negative: the server's default
    int maxTokens = 0;       ///< 0: the server's default
    bool stream = true;      ///< ask for a stream (false: one JSON reply)
};

/// A conversation held in memory on the GUI thread. Views observe it; ChatSession changes it.
class Conversation final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Conversation)
public:
    explicit Conversation(QObject *parent = nullptr);

    int count() const { return int(m_turns.size()); }
    const Turn &at(int index) const { return m_turns.at(index); }
    const QList<Turn> &turns() const { return m_turns; }
    int indexOf(quint64 id) const;
    const Turn *byId(quint64 id) const;

    QString title() const { return m_title; }
    void setTitle(const QString &title);
    ChatParameters parameters() const { return m_parameters; }
    void setParameters(const ChatParameters &p) { m_parameters = p; }

    /// Appends a turn (its id is assigned here) and returns its index.
    int append(Turn turn);
    /// Replaces turn `index` wholesale and emits turnChanged.
    void update(int index, const Turn &turn);
    /// Appends streamed text to the answer of turn `index` (state becomes Streaming) and emits answerAppended.
    void appendAnswer(int index, const QString &text);
    void setStatus(int index, const QString &status);
    void setImagesInContext(int index, bool include);
    /// Removes turns from `index` to the end.
    void truncate(int index);
    void clear();
    /// Replaces everything with a conversation read back from the history (ids are assigned here)
    /// and emits replaced() once, not turnAdded() per turn.
    void replace(const QString &title, const ChatParameters &parameters, QList<Turn> turns);
    /// Gives images without a thumbnail the one `key` maps them to (e.g. History::thumbnailKey)
    /// and emits thumbnailsChanged() for each turn that got one. Nothing else changes.
    void setThumbnails(const QHash<QByteArray, QImage> &thumbnails,
                       const std::function<QByteArray(const TurnImage &)> &key);

    /// The earlier exchanges that go before turn `index` in a request: for each context turn, the user
    /// message (with its images when they are in the context) and the assistant's answer.
    QList<BodyMessage> contextBefore(int index) const;
    /// The estimated tokens of the images the context before turn `index` carries.
    int contextImageTokens(int index) const;

signals:
    void turnAdded(int index);
    void turnChanged(int index);
    /// `text` was appended to the answer of turn `index`.
    void answerAppended(int index, const QString &text);
    void turnsRemoved(int from);
    /// The images carried by earlier turns changed (meters depend on it).
    void contextChanged();
    void titleChanged(const QString &title);
    /// Every turn changed at once (replace()).
    void replaced();
    /// Images of turn `index` got their thumbnails (setThumbnails()).
    void thumbnailsChanged(int index);

private:
    QList<Turn> m_turns;
    QString m_title;
    ChatParameters m_parameters;
    quint64 m_nextId = 1;
};

/// A user message for a request: the prompt and its images (with `path` set so the data can be
/// read on a worker thread).
BodyMessage userMessage(const Turn &turn, bool withImages);
/// A short title made from a prompt: its first line, at most about 60 characters, cut at a word.
QString titleFromPrompt(const QString &prompt);

} // namespace squint
