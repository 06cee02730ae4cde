// The GL state that Dear ImGui's OpenGL backend reads back each frame, kept here instead.
//
// In WebGL a query of the scissor box or of the blend state is a round trip to the GPU
// process, which first finishes every command queued: each frame waited there for the
// previous one to be drawn (under SwiftShader about 90% of the page's main thread, ~90 ms a
// frame; bench/results.md). The backend asks only to put the values back after drawing. The
// page is the context's only user, so the values are known: web/CMakeLists.txt renames the
// backend's calls to the functions below, which remember what was set and answer from that.
#include <GLES3/gl3.h>

namespace {

struct CachedState {
  // GL's initial values; the backend sets its own and then restores these.
  GLint scissor_box[4] = {0, 0, 0, 0};
  GLint blend_src_rgb = GL_ONE, blend_dst_rgb = GL_ZERO;
  GLint blend_src_alpha = GL_ONE, blend_dst_alpha = GL_ZERO;
  GLint blend_equation_rgb = GL_FUNC_ADD, blend_equation_alpha = GL_FUNC_ADD;
};
CachedState g_state;

}  // namespace

extern "C" {

void threadlab_glGetIntegerv(GLenum name, GLint* data) {
  switch (name) {
    case GL_SCISSOR_BOX:
      for (int i = 0; i < 4; ++i) data[i] = g_state.scissor_box[i];
      return;
    case GL_BLEND_SRC_RGB: *data = g_state.blend_src_rgb; return;
    case GL_BLEND_DST_RGB: *data = g_state.blend_dst_rgb; return;
    case GL_BLEND_SRC_ALPHA: *data = g_state.blend_src_alpha; return;
    case GL_BLEND_DST_ALPHA: *data = g_state.blend_dst_alpha; return;
    case GL_BLEND_EQUATION_RGB: *data = g_state.blend_equation_rgb; return;
    case GL_BLEND_EQUATION_ALPHA: *data = g_state.blend_equation_alpha; return;
    default: glGetIntegerv(name, data);  // answered without a round trip
  }
}

void threadlab_glScissor(GLint x, GLint y, GLsizei width, GLsizei height) {
  g_state.scissor_box[0] = x;
  g_state.scissor_box[1] = y;
  g_state.scissor_box[2] = width;
  g_state.scissor_box[3] = height;
  glScissor(x, y, width, height);
}

void threadlab_glBlendFuncSeparate(GLenum src_rgb, GLenum dst_rgb, GLenum src_alpha,
                                   GLenum dst_alpha) {
  g_state.blend_src_rgb = src_rgb;
  g_state.blend_dst_rgb = dst_rgb;
  g_state.blend_src_alpha = src_alpha;
  g_state.blend_dst_alpha = dst_alpha;
  glBlendFuncSeparate(src_rgb, dst_rgb, src_alpha, dst_alpha);
}

void threadlab_glBlendEquationSeparate(GLenum rgb, GLenum alpha) {
  g_state.blend_equation_rgb = rgb;
  g_state.blend_equation_alpha = alpha;
  glBlendEquationSeparate(rgb, alpha);
}

void threadlab_glBlendEquation(GLenum mode) { threadlab_glBlendEquationSeparate(mode, mode); }

}  // extern "C"
