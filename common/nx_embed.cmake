# nx_embed_file(OUT_VAR INPUT SYMBOL): generates a C source defining SYMBOL[] and SYMBOL_len with the bytes of
# INPUT (through embed_file.cmake, rerun when INPUT changes) and puts its path in OUT_VAR, to add to a target.
function(nx_embed_file out_var input symbol)
  get_filename_component(name ${input} NAME)
  string(MAKE_C_IDENTIFIER ${name} c_name)
  set(output ${CMAKE_CURRENT_BINARY_DIR}/${c_name}.c)
  file(RELATIVE_PATH shown ${PROJECT_SOURCE_DIR} ${input})
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${input} -DOUTPUT=${output} -DSYMBOL=${symbol}
            -P ${PROJECT_SOURCE_DIR}/common/embed_file.cmake
    DEPENDS ${input} ${PROJECT_SOURCE_DIR}/common/embed_file.cmake
    COMMENT "Embedding ${shown}")
  set(${out_var} ${output} PARENT_SCOPE)
endfunction()
