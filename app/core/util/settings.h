#pragma once

#include <QHash>
#include <QObject>
#include <QSettings>
#include <QString>

#include "core/chat/conversation.h"

namespace squint {

/// Typed access to Squint's settings (an INI file). Tests pass a temporary path. Tokens never go here.
class Settings final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Settings)
public:
    /// `iniPath` empty: the user's config folder (QStandardPaths, so XDG_CONFIG_HOME moves it).
    explicit Settings(const QString &iniPath = {}, QObject *parent = nullptr);

    QString fileName() const { return m_settings.fileName(); }

    QString lastModel() const;
    void setLastModel(const QString &name);

    /// How many files one dropped folder may add (the user is told when a folder has more).
    int folderFileCap() const;
    void setFolderFileCap(int cap);

    /// Per-endpoint limit overrides: field (LimitField) -> value.
    QHash<QString, qint64> limitOverrides(const QString &endpoint) const;
    void setLimitOverrides(const QString &endpoint, const QHash<QString, qint64> &overrides);

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &g);
    QByteArray windowState() const;
    void setWindowState(const QByteArray &s);
    /// Sizes of the window's panes (QSplitter::saveState), one entry per splitter name.
    QByteArray splitterState(const QString &name) const;
    void setSplitterState(const QString &name, const QByteArray &s);

    /// System prompt, temperature and answer length for new requests (ChatParameters::stream is not stored).
    ChatParameters chatParameters() const;
    void setChatParameters(const ChatParameters &p);

    /// Return sends the prompt (Shift+Return starts a new line); otherwise only Ctrl+Return sends.
    bool sendWithEnter() const;
    void setSendWithEnter(bool on);

    /// Send images with their location and camera data (EXIF, XMP, comments). Off by default: what
    /// is sent leaves that data behind (the original files are never changed).
    bool keepImageMetadata() const;
    void setKeepImageMetadata(bool on);

    /// The history's id of the conversation shown when Squint last ran (0: none), opened again at start.
    qint64 lastConversation() const;
    void setLastConversation(qint64 id);

    void sync() { m_settings.sync(); }

    /// The underlying QSettings, for stores that keep their own group (ConnectionStore).
    QSettings *qsettings() const { return &m_settings; }

signals:
    void limitOverridesChanged(const QString &endpoint);
    void keepImageMetadataChanged(bool on);

private:
    static QString endpointGroup(const QString &endpoint);
    mutable QSettings m_settings;
};

} // namespace squint
