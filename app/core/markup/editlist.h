#pragma once

#include <QColor>
#include <QImage>
#include <QLine>
#include <QList>
#include <QRect>
#include <QString>

namespace squint {

/// One mark on an image, in the pixels of the original as shown (orientation applied).
struct Edit
{
    enum class Kind {
        Crop, ///< keeps only `rect` (the last crop of a list wins; it is applied after the marks)
        Rectangle, ///< an outlined `rect`
        Arrow,     ///< from line.p1() to line.p2(), head at p2
        Callout,   ///< a numbered disc at `at`; `text` is its line in the optional legend
        Text,      ///< `text` written with its top-left at `at`
        Redact,    ///< `rect` filled opaque black: the pixels under it are gone
        Pixelate,  ///< `rect` replaced by blocks of `blockSize` px, each the average of its pixels
    };
    Kind kind = Kind::Rectangle;
    QRect rect;
    QLine line;
    QPoint at;
    QString text;
    QColor color = QColor(0xe5, 0x1c, 0x23);
    int width = 0;     ///< stroke width or font pixel size; 0 = chosen from the image size
    int blockSize = 0; ///< Pixelate; 0 = chosen from the rectangle
    bool operator==(const Edit &o) const = default;
};

using EditList = QList<Edit>;

/// The most marks a list holds, and the longest text a mark carries (lists come from files too).
inline constexpr int MaxEdits = 1000;
inline constexpr int MaxEditText = 500;

/// "rect", "arrow"... as written in JSON.
QString editKindName(Edit::Kind kind);

/// The list as compact JSON ({"version":1,"edits":[...]}); empty string for an empty list.
QString editListToJson(const EditList &edits);
/// Parses what editListToJson() wrote. Unknown kinds and malformed entries are errors (nothing is
/// half-applied); more than MaxEdits marks or longer texts are refused. Linear in the input.
EditList editListFromJson(const QString &json, QString *error = nullptr);

/// Whether the list hides pixels (Redact or Pixelate).
bool hasRedaction(const EditList &edits);
/// The number Callout edit `index` shows (callouts count from 1 in list order); 0 for other kinds.
int calloutNumber(const EditList &edits, int index);
/// "1: the red box" lines for the callouts that carry text, one per line; empty when none does.
QString calloutLegend(const EditList &edits);

/// Pure: the image with the marks drawn and the redactions applied, cropped by the last Crop.
/// Redacted pixels are overwritten in the returned image (never layered); the result has no
/// metadata. Thread-safe; meant for worker threads (it paints with QPainter on a QImage).
QImage applyEdits(const QImage &original, const EditList &edits);

/// Stroke width and font size used when an edit leaves them at 0, for an image of `size`.
int defaultStrokeWidth(QSize size);
int defaultFontPixels(QSize size);
int defaultBlockSize(QRect rect);

/// Undo and redo over an edit list: every change pushes the whole new list (lists are small).
class EditHistory
{
public:
    const EditList &current() const { return m_states.at(m_index); }
    void push(const EditList &edits);
    void add(const Edit &edit);
    bool canUndo() const { return m_index > 0; }
    bool canRedo() const { return m_index + 1 < m_states.size(); }
    bool undo();
    bool redo();
    /// Starts over from `edits` with nothing to undo.
    void reset(const EditList &edits = {});

private:
    QList<EditList> m_states{EditList()};
    int m_index = 0;
};

} // namespace squint
