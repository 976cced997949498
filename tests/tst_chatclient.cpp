#include <QtTest>

class TstChatclient : public QObject
{
    Q_OBJECT
private slots:
    void placeholder() { QSKIP("not written yet"); }
};

QTEST_GUILESS_MAIN(TstChatclient)
#include "tst_chatclient.moc"
