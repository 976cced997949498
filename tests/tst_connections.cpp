#include <QtTest>

class TstConnections : public QObject
{
    Q_OBJECT
private slots:
    void placeholder() { QSKIP("not written yet"); }
};

QTEST_GUILESS_MAIN(TstConnections)
#include "tst_connections.moc"
