#include <QtTest>

class TstDatabricksconfig : public QObject
{
    Q_OBJECT
private slots:
    void placeholder() { QSKIP("not written yet"); }
};

QTEST_GUILESS_MAIN(TstDatabricksconfig)
#include "tst_databricksconfig.moc"
